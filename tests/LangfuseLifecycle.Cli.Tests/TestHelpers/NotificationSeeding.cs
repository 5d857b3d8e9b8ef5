using System.Globalization;
using System.Text.Json;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

/// <summary>What templates/observability.yaml deploys, seeded on moto: the notification topic, alarms in a state, the topic's
/// NumberOfMessagesPublished datapoints, and an SQS queue subscribed to the topic to read what was published.</summary>
public sealed class NotificationSeeding(Uri endpoint)
{
    private readonly MotoSeedRequests requests = new(endpoint);

    public async Task<string> CreateTopicAsync(string name)
    {
        var answer = await requests.QueryAsync("sns", "2010-03-31", "CreateTopic", CancellationToken.None, ("Name", name));
        return answer.Find("TopicArn");
    }

    public async Task PutAlarmAsync(string name, string topicArn, string state, string reason)
    {
        await requests.QueryAsync(
            "monitoring", "2010-08-01", "PutMetricAlarm", CancellationToken.None,
            ("AlarmName", name), ("Namespace", "AWS/Lambda"), ("MetricName", "Errors"), ("Statistic", "Sum"), ("Period", "300"),
            ("EvaluationPeriods", "1"), ("Threshold", "0"), ("ComparisonOperator", "GreaterThanThreshold"), ("AlarmActions.member.1", topicArn));
        await requests.QueryAsync("monitoring", "2010-08-01", "SetAlarmState", CancellationToken.None, ("AlarmName", name), ("StateValue", state), ("StateReason", reason));
    }

    public Task PutMessagesPublishedAsync(string topicName, int messages, DateTimeOffset at) =>
        requests.QueryAsync(
            "monitoring", "2010-08-01", "PutMetricData", CancellationToken.None,
            ("Namespace", "AWS/SNS"),
            ("MetricData.member.1.MetricName", "NumberOfMessagesPublished"),
            ("MetricData.member.1.Value", messages.ToString(CultureInfo.InvariantCulture)),
            ("MetricData.member.1.Timestamp", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            ("MetricData.member.1.Dimensions.member.1.Name", "TopicName"),
            ("MetricData.member.1.Dimensions.member.1.Value", topicName));

    /// <summary>An SQS queue subscribed to <paramref name="topicArn"/>; returns its URL.</summary>
    public async Task<string> SubscribeQueueAsync(string topicArn, string queueName)
    {
        var queueUrl = (await requests.QueryAsync("sqs", "2012-11-05", "CreateQueue", CancellationToken.None, ("QueueName", queueName))).Find("QueueUrl");
        var queueArn = $"arn:aws:sqs:{MotoServer.Region}:123456789012:{queueName}";
        await requests.QueryAsync("sns", "2010-03-31", "Subscribe", CancellationToken.None, ("TopicArn", topicArn), ("Protocol", "sqs"), ("Endpoint", queueArn));
        return queueUrl;
    }

    /// <summary>The SNS envelopes (Subject, Message, TopicArn…) waiting in the queue.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReceiveAsync(string queueUrl)
    {
        var answer = await requests.QueryAsync("sqs", "2012-11-05", "ReceiveMessage", CancellationToken.None, ("QueueUrl", queueUrl), ("MaxNumberOfMessages", "10"));
        return [.. answer.Descendants().Where(e => e.Name.LocalName == "Body").Select(body => JsonDocument.Parse(body.Value).RootElement.Clone())];
    }
}
