using System.Globalization;
using LangfuseLifecycle.Aws.CloudWatch;
using LangfuseLifecycle.Aws.CloudWatch.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Contracts;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>
/// What status shows of templates/observability.yaml: the stack's alarms (named by the stack's <c>AlarmNames</c> output, else
/// every alarm of its nested <c>&lt;stack&gt;-ObservabilityStack-</c> stack by name prefix) and when the notification topic last
/// published (its <c>AWS/SNS NumberOfMessagesPublished</c> metric, hourly, over the last <see cref="LookBackDays"/> days).
/// Read-only; a denied or failed read is a note, never a failed status.
/// </summary>
public static class StackAlarmsReader
{
    public const int LookBackDays = 14;

    /// <summary>The alarms in their stack's order, or null when neither the stack nor ALARM_NAMES names any.</summary>
    public static async Task<IReadOnlyList<AlarmReport>?> ReadAlarmsAsync(IAmazonCloudWatch cloudWatch, Deployment deployment, List<string> notes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudWatch);
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(notes);
        var names = (deployment.Get(DeploymentSetting.AlarmNames) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var prefix = names.Length == 0 && deployment.StackName is { } stack ? $"{stack}-ObservabilityStack-" : null;
        if (names.Length == 0 && prefix is null)
        {
            return null;
        }

        var alarms = new List<MetricAlarm>();
        try
        {
            string? token = null;
            do
            {
                var response = await cloudWatch.DescribeAlarmsAsync(
                    new DescribeAlarmsRequest { AlarmNames = names.Length > 0 ? [.. names] : null, AlarmNamePrefix = prefix, AlarmTypes = ["MetricAlarm"], NextToken = token },
                    cancellationToken).ConfigureAwait(false);
                alarms.AddRange(response.MetricAlarms ?? []);
                token = response.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
        }
        catch (AwsServiceException exception)
        {
            notes.Add($"could not read the stack's alarms ({exception.ErrorCode}; needs cloudwatch:DescribeAlarms)");
            return null;
        }

        var order = names.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
        var missing = names.Where(name => alarms.All(a => a.AlarmName != name)).ToList();
        if (missing.Count > 0)
        {
            notes.Add($"alarm(s) {string.Join(", ", missing)} named by the stack were not found in CloudWatch");
        }

        return [.. alarms
            .Where(a => a.AlarmName is not null)
            .OrderBy(a => order.GetValueOrDefault(a.AlarmName!, int.MaxValue))
            .ThenBy(a => a.AlarmName, StringComparer.Ordinal)
            .Select(a => new AlarmReport(a.AlarmName!, a.StateValue ?? "UNKNOWN", ToOffset(a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp), a.StateReason))];
    }

    /// <summary>The newest hour in which the stack's topic published, with the alarm that entered ALARM in it (when one did).</summary>
    public static async Task<NotificationReport?> ReadLastNotificationAsync(
        IAmazonCloudWatch cloudWatch, Deployment deployment, IReadOnlyList<AlarmReport>? alarms, DateTimeOffset now, List<string> notes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudWatch);
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(notes);
        if (deployment.Get(DeploymentSetting.NotificationTopicArn) is not { } topicArn)
        {
            return null;
        }

        var topicName = topicArn[(topicArn.LastIndexOf(':') + 1)..];
        // Hourly sums over whole hours: a start on the hour makes each datapoint's timestamp the start of its hour.
        var end = now.UtcDateTime;
        var start = new DateTime(end.Year, end.Month, end.Day, end.Hour, 0, 0, DateTimeKind.Utc).AddDays(-LookBackDays);
        GetMetricStatisticsResponse response;
        try
        {
            response = await cloudWatch.GetMetricStatisticsAsync(
                new GetMetricStatisticsRequest
                {
                    Namespace = "AWS/SNS",
                    MetricName = "NumberOfMessagesPublished",
                    Dimensions = [new Dimension { Name = "TopicName", Value = topicName }],
                    StartTime = start,
                    EndTime = end,
                    Period = 3600,
                    Statistics = ["Sum"],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            notes.Add($"could not read when {topicName} last published ({exception.ErrorCode}; needs cloudwatch:GetMetricStatistics)");
            return null;
        }

        var newest = (response.Datapoints ?? [])
            .Where(d => d.Timestamp is not null && d.Sum is > 0)
            .OrderByDescending(d => d.Timestamp)
            .FirstOrDefault();
        if (newest is null)
        {
            notes.Add($"the notification topic {topicName} published nothing in the last {LookBackDays.ToString(CultureInfo.InvariantCulture)} days");
            return null;
        }

        var hour = ToOffset(newest.Timestamp)!.Value;
        var alarm = (alarms ?? [])
            .Where(a => a.State == AlarmReport.Alarm && a.Since is { } since && since >= hour && since < hour.AddHours(1))
            .OrderByDescending(a => a.Since)
            .FirstOrDefault();
        return new NotificationReport(topicArn, hour, (int)Math.Round(newest.Sum!.Value), alarm?.Name);
    }

    private static DateTimeOffset? ToOffset(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
