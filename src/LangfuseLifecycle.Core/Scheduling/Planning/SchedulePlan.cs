namespace LangfuseLifecycle.Core.Scheduling.Planning;

/// <summary>What the sleep/wake schedules will do over the next days, in the schedule's time zone.</summary>
public sealed record SchedulePlan(
    string TimeZone,
    DateTimeOffset From,
    bool AwakeAtStart,
    string AwakeAtStartSource,
    DateTimeOffset? KeepAwakeUntil,
    IReadOnlyList<PlanDay> Days,
    double TotalAwakeHours);

/// <summary>One local calendar day. <see cref="DaylightSavingShift"/> is set when the UTC offset changes during the day.</summary>
public sealed record PlanDay(
    DateOnly Date,
    string DayOfWeek,
    bool IsHoliday,
    string UtcOffset,
    string? DaylightSavingShift,
    IReadOnlyList<PlanEvent> Events,
    double AwakeHours);

/// <summary>A scheduled action at its local time. Source: schedule or one-time. Outcome: runs or skipped (with the reason).</summary>
public sealed record PlanEvent(
    DateTimeOffset At,
    string LocalTime,
    string Action,
    string Source,
    string Outcome,
    string? SkipReason);

/// <summary>A one-time sleep created by wake-for-hours (EventBridge Scheduler <c>at()</c>).</summary>
public sealed record PlannedOneTimeSleep(string Name, DateTimeOffset At);
