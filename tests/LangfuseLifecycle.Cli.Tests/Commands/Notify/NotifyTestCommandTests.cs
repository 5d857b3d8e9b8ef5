using LangfuseLifecycle.Cli.Commands.Notify;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands.Notify;

/// <summary><c>notify test</c> against moto: one SNS Publish to the stack's topic, read back through a subscribed SQS queue.</summary>
[Collection(MotoCollection.Name)]
public sealed class NotifyTestCommandTests(MotoFixture moto)
{
    [Fact]
    public async Task NotifyTest_WhenTheStackHasATopic_ShouldPublishOneMessageNamingTheStack()
    {
        var seeding = new NotificationSeeding(moto.Endpoint);
        const string TopicArn = "arn:aws:sns:us-east-1:123456789012:langfuse-lifecycle-NotificationTopic-XYZ";
        var stack = await ScalerStack.CreateAsync(moto, extraOutputs: new Dictionary<string, string> { ["NotificationTopicArn"] = TopicArn });
        var topicArn = await seeding.CreateTopicAsync("langfuse-lifecycle-NotificationTopic-XYZ");
        Assert.Equal(TopicArn, topicArn);
        var queueUrl = await seeding.SubscribeQueueAsync(topicArn, "notification-inbox");

        var run = await stack.RunAsync("notify", "test", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(topicArn, run.JsonRoot.GetProperty("topicArn").GetString());
        Assert.False(string.IsNullOrEmpty(run.JsonRoot.GetProperty("messageId").GetString()));
        var received = Assert.Single(await seeding.ReceiveAsync(queueUrl));
        Assert.Equal("Langfuse Lifecycle test notification: langfuse-lifecycle", received.GetProperty("Subject").GetString());
        var message = received.GetProperty("Message").GetString()!;
        Assert.StartsWith("Test notification from Langfuse Lifecycle for the stack 'langfuse-lifecycle' (us-east-1).", message);
        Assert.Contains("nothing was changed", message);
        Assert.Equal(run.JsonRoot.GetProperty("messageId").GetString(), received.GetProperty("MessageId").GetString());
    }

    [Fact]
    public async Task NotifyTest_WhenNoTopicIsKnown_ShouldFailNamingTheFlagAndTheVariableAndPublishNothing()
    {
        var stack = await ScalerStack.CreateAsync(moto);

        var run = await stack.RunAsync("notify", "test");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("No notification topic: pass --topic <ARN>", run.Error);
        Assert.Contains("NOTIFICATION_TOPIC_ARN", run.Error);
    }

    [Fact]
    public void Compose_WhenTheStackNameIsLong_ShouldKeepTheSubjectWithinSnsLimitAndNameTheStackInTheMessage()
    {
        var stack = new string('s', 128);

        var (subject, message) = NotifyTestCommand.Compose(stack, "arn:aws:sns:eu-west-1:123456789012:topic", "eu-west-1", new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), "ops@host");

        Assert.Equal(100, subject.Length);
        Assert.Contains($"the stack '{stack}' (eu-west-1)", message);
        Assert.Contains("at 2026-12-02 08:00:00 UTC", message);
        Assert.Contains("Sent by ops@host", message);
    }
}
