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
public sealed record StatusReport(
    ScalerSummary Status,
    PlanEvent? NextWake,
    PlanEvent? NextSleep,
    IReadOnlyList<ServiceEventReport> LastEvents,
    string TimeZone = "UTC",
    string ScheduleSource = "defaults",
    IReadOnlyList<DeployedSchedule>? Schedules = null,
    LastActionReport? LastAction = null,
    IReadOnlyList<string>? Notes = null);

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
