using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;

namespace LangfuseLifecycle.Cli.Contracts;

/// <summary>
/// <c>langfuse-lifecycle status --output json</c>: the scaler's status summary, the next scheduled actions (in the
/// schedule's time zone, from the deployed schedules when found), the last action and its outcome, the last ECS events.
/// </summary>
/// <param name="ScheduleSource">Where the recurring schedule came from: deployed schedules, stack parameters, flags, environment or defaults.</param>
/// <param name="Notes">How the schedule was resolved (and why the deployed one could not be read, when so).</param>
/// <param name="Schedules">The recurring EventBridge Scheduler schedules that invoke the scaler function (empty when none were read).</param>
/// <param name="Alarms">The stack's CloudWatch alarms (templates/observability.yaml) and their states; null when none were read.</param>
/// <param name="LastNotification">When the stack's notification topic last published; null when unknown or never in the window.</param>
public sealed record StatusReport(
    ScalerSummary Status,
    PlanEvent? NextWake,
    PlanEvent? NextSleep,
    IReadOnlyList<ServiceEventReport> LastEvents,
    string TimeZone = "UTC",
    string ScheduleSource = "defaults",
    IReadOnlyList<DeployedSchedule>? Schedules = null,
    LastActionReport? LastAction = null,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyList<AlarmReport>? Alarms = null,
    NotificationReport? LastNotification = null);

/// <summary>One of the stack's CloudWatch alarms (DescribeAlarms).</summary>
/// <param name="State">OK, ALARM or INSUFFICIENT_DATA.</param>
/// <param name="Since">When it entered that state (StateTransitionedTimestamp, else StateUpdatedTimestamp).</param>
/// <param name="Reason">CloudWatch's StateReason, e.g. "Threshold Crossed: 1 datapoint [1.0] was greater than …".</param>
public sealed record AlarmReport(string Name, string State, DateTimeOffset? Since, string? Reason)
{
    public const string Alarm = "ALARM";
}

/// <summary>
/// The stack's last notification as far as AWS records it: SNS keeps no message history, so the hour comes from the topic's
/// <c>AWS/SNS NumberOfMessagesPublished</c> metric, and the alarm (when one of the stack's alarms entered ALARM in that hour)
/// names what most likely sent it; otherwise it came through an EventBridge rule (a scaler or migration event) or a test.
/// </summary>
/// <param name="HourStarting">Start of the newest hour in which the topic published.</param>
/// <param name="Messages">How many messages the topic published in that hour.</param>
/// <param name="Alarm">The stack's alarm that entered ALARM in that hour, when one did.</param>
public sealed record NotificationReport(string TopicArn, DateTimeOffset HourStarting, int Messages, string? Alarm);

/// <summary><c>langfuse-lifecycle notify test --output json</c>: the test notification that was published.</summary>
public sealed record TestNotificationReport(string TopicArn, string MessageId, string Subject, string Message);

/// <summary>The newest ECS service event (what ECS last did or said about the service).</summary>
public sealed record ServiceEventReport(string Service, DateTimeOffset? At, string Message);

/// <summary>A recurring schedule deployed in EventBridge Scheduler (template.yaml's ScheduleV2 events) that invokes the scaler.</summary>
/// <param name="Action">wake or sleep, from the schedule's target input.</param>
/// <param name="State">ENABLED or DISABLED (the stack's ScheduleState).</param>
public sealed record DeployedSchedule(string Name, string Group, string Action, string Expression, string TimeZone, string State)
{
    public bool Enabled => string.Equals(State, "ENABLED", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The last sleep or wake and how it ended, read from the services themselves: the restore records a sleep writes and
/// a wake removes once the service runs again, the desired/running counts, and ECS's rollout state and events.
/// </summary>
/// <param name="Action">sleep or wake.</param>
/// <param name="At">When: the restore record's time for a sleep, the newest ECS event for a wake; null when unknown.</param>
/// <param name="Outcome">completed, in-progress, failed or overridden.</param>
public sealed record LastActionReport(string Action, DateTimeOffset? At, string Outcome, string Detail);
