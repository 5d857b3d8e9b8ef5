using System.ComponentModel;
using System.Globalization;
using LangfuseLifecycle.Aws.SimpleNotificationService;
using LangfuseLifecycle.Aws.SimpleNotificationService.Model;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Contracts;
using LangfuseLifecycle.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Notify;

/// <summary>Options of <c>notify test</c>.</summary>
public sealed class NotifyTestSettings : GlobalSettings
{
    [CommandOption("--topic <ARN>")]
    [Description("The SNS topic to publish to (default: the stack's NotificationTopicArn output; env NOTIFICATION_TOPIC_ARN).")]
    public string? Topic { get; set; }
}

/// <summary>
/// <c>notify test</c>: publishes one message to the stack's notification topic (SNS Publish), so whoever subscribed (e-mail,
/// Slack through AWS Chatbot, HTTPS) can see that notifications reach them. The message names the stack, says it is a test
/// and that nothing changed. Changes nothing else.
/// </summary>
public sealed class NotifyTestCommand(CliContext context) : AsyncCommand<NotifyTestSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, NotifyTestSettings settings, CancellationToken cancellationToken)
    {
        var deployment = await Deployment.ResolveAsync(settings, context, cancellationToken).ConfigureAwait(false);
        var topicArn = deployment.Require(DeploymentSetting.NotificationTopicArn, settings.Topic, "--topic <ARN>", "notification topic");
        var stack = deployment.StackName ?? topicArn[(topicArn.LastIndexOf(':') + 1)..];
        var (subject, message) = Compose(stack, topicArn, deployment.Aws.Region, context.Time.GetUtcNow(), $"{Environment.UserName}@{Environment.MachineName}");

        var response = await new AmazonSimpleNotificationServiceClient(deployment.Aws)
            .PublishAsync(new PublishRequest { TopicArn = topicArn, Subject = subject, Message = message }, cancellationToken).ConfigureAwait(false);
        var report = new TestNotificationReport(topicArn, response.MessageId ?? string.Empty, subject, message);

        if (settings.Json)
        {
            JsonOutput.Write(context, report, json => json.TestNotificationReport);
        }
        else
        {
            context.Console.MarkupLine($"Sent a test notification to [bold]{Markup.Escape(topicArn)}[/] (message id {Markup.Escape(report.MessageId)}).");
            context.Console.MarkupLine($"[grey]Subject:[/] {Markup.Escape(subject)}");
            context.Console.MarkupLine("[grey]Every confirmed subscription of the topic receives it; an e-mail subscription that was never confirmed does not.[/]");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The test message: subject (SNS allows 100 characters) and body, naming the stack, the topic and who sent it.</summary>
    public static (string Subject, string Message) Compose(string stack, string topicArn, string region, DateTimeOffset now, string sender)
    {
        var subject = $"Langfuse Lifecycle test notification: {stack}";
        if (subject.Length > 100)
        {
            subject = subject[..99] + "…";
        }

        var message = string.Join(
            '\n',
            $"Test notification from Langfuse Lifecycle for the stack '{stack}' ({region}).",
            string.Empty,
            $"Sent by {sender} with 'langfuse-lifecycle notify test' at {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC.",
            $"If you read this, the topic {topicArn} reaches you: the stack's failed and refused sleeps and wakes, finished migrations and alarms are sent here.",
            string.Empty,
            "This is only a test: nothing was changed and no action is needed.");
        return (subject, message);
    }
}
