using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

/// <summary>status against moto: the stack's alarms (templates/observability.yaml) with their states, and the last notification
/// read from the topic's NumberOfMessagesPublished metric.</summary>
[Collection(MotoCollection.Name)]
public sealed class StatusAlarmsTests(MotoFixture moto)
{
    private const string Nested = LangfuseEnvironment.StackName + "-ObservabilityStack-1A2B3C";
    private const string ScalerErrors = Nested + "-scaler-errors";
    private const string WakeOverdue = Nested + "-wake-overdue";
    private const string ValkeyMemory = Nested + "-valkey-memory";

    [Fact]
    public async Task Status_WhenTheStackNamesItsAlarmsAndTopic_ShouldShowEachAlarmStateAndTheLastNotification()
    {
        var seeding = new NotificationSeeding(moto.Endpoint);
        const string TopicArn = "arn:aws:sns:us-east-1:123456789012:langfuse-lifecycle-NotificationTopic-XYZ";
        var stack = await ScalerStack.CreateAsync(moto, extraOutputs: new Dictionary<string, string>
        {
            ["AlarmNames"] = $"{ScalerErrors},{WakeOverdue},{ValkeyMemory}",
            ["NotificationTopicArn"] = TopicArn,
        });
        var topicArn = await seeding.CreateTopicAsync("langfuse-lifecycle-NotificationTopic-XYZ");
        Assert.Equal(TopicArn, topicArn);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await seeding.PutMessagesPublishedAsync("langfuse-lifecycle-NotificationTopic-XYZ", 3, DateTimeOffset.UtcNow.AddSeconds(-1));
        await seeding.PutAlarmAsync(ScalerErrors, topicArn, "OK", "Threshold Crossed: no datapoints were greater than the threshold (0.0).");
        await seeding.PutAlarmAsync(WakeOverdue, topicArn, "ALARM", "Threshold Crossed: 1 datapoint [0.0] was less than the threshold (1.0).");
        await seeding.PutAlarmAsync(ValkeyMemory, topicArn, "INSUFFICIENT_DATA", "Unchecked: Initial alarm creation");

        var run = await stack.RunAsync("status", "--output", "json");
        var text = await stack.RunAsync("status");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var alarms = run.JsonRoot.GetProperty("alarms").EnumerateArray().ToList();
        Assert.Equal([ScalerErrors, WakeOverdue, ValkeyMemory], alarms.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(["OK", "ALARM", "INSUFFICIENT_DATA"], alarms.Select(a => a.GetProperty("state").GetString()));
        Assert.InRange(alarms[1].GetProperty("since").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Contains("less than the threshold", alarms[1].GetProperty("reason").GetString());
        var last = run.JsonRoot.GetProperty("lastNotification");
        Assert.Equal(topicArn, last.GetProperty("topicArn").GetString());
        Assert.Equal(3, last.GetProperty("messages").GetInt32());
        Assert.Equal(WakeOverdue, last.GetProperty("alarm").GetString());
        Assert.InRange(last.GetProperty("hourStarting").GetDateTimeOffset(), before.AddHours(-1), DateTimeOffset.UtcNow);
        Assert.Contains($"Alarm {WakeOverdue}: ALARM since", text.Output);
        Assert.Contains($"Alarm {ScalerErrors}: OK since", text.Output);
        Assert.Contains("Last notification: 3 message(s) to topic langfuse-lifecycle-NotificationTopic-XYZ in the hour from", text.Output);
        Assert.Contains($"sent when alarm {WakeOverdue} went to ALARM", text.Output);
    }

    [Fact]
    public async Task Status_WhenTheStackHasNoAlarmNamesOutput_ShouldFindItsAlarmsByTheNestedStacksNamePrefix()
    {
        var seeding = new NotificationSeeding(moto.Endpoint);
        var stack = await ScalerStack.CreateAsync(moto);
        var topicArn = await seeding.CreateTopicAsync("other");
        await seeding.PutAlarmAsync(ScalerErrors, topicArn, "ALARM", "Threshold Crossed: 1 datapoint [2.0] was greater than the threshold (0.0).");
        await seeding.PutAlarmAsync("langfuse-lifecycle-dev-ObservabilityStack-9Z-scaler-errors", topicArn, "OK", "another stack's alarm");

        var run = await stack.RunAsync("status", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var alarm = Assert.Single(run.JsonRoot.GetProperty("alarms").EnumerateArray());
        Assert.Equal(ScalerErrors, alarm.GetProperty("name").GetString());
        Assert.Equal("ALARM", alarm.GetProperty("state").GetString());
        Assert.False(run.JsonRoot.TryGetProperty("lastNotification", out _));
    }

    [Fact]
    public async Task Status_WhenTheTopicPublishedNothingInTheWindow_ShouldSaySoInANote()
    {
        var seeding = new NotificationSeeding(moto.Endpoint);
        var stack = await ScalerStack.CreateAsync(moto, extraOutputs: new Dictionary<string, string>
        {
            ["NotificationTopicArn"] = "arn:aws:sns:us-east-1:123456789012:quiet-topic",
        });
        await seeding.PutMessagesPublishedAsync("quiet-topic", 1, DateTimeOffset.UtcNow.AddDays(-20));

        var run = await stack.RunAsync("status", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.False(run.JsonRoot.TryGetProperty("lastNotification", out _));
        Assert.Contains(run.JsonRoot.GetProperty("notes").EnumerateArray(), n => n.GetString() == "the notification topic quiet-topic published nothing in the last 14 days");
    }
}
