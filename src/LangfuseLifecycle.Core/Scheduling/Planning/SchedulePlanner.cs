using System.Globalization;
using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Scheduling.Planning;

/// <summary>
/// Lays the scheduler's rules over the coming days: a scheduled wake on a holiday (in the schedule's time zone) is
/// skipped; a sleep while a keep-awake override is active (before its until) is skipped; one-time sleeps from
/// wake-for-hours run at their instant. A wake and a sleep at the same instant leave the backend asleep, as in the cost model.
/// </summary>
public static class SchedulePlanner
{
    public const string Wake = "wake";
    public const string Sleep = "sleep";
    public const string Runs = "runs";
    public const string Skipped = "skipped";
    public const int MaxDays = 62;

    /// <param name="awakeNow">The backend's actual state when known (ClickHouse desired &gt; 0); null derives it from the schedule.</param>
    /// <param name="disabledActions">Recurring actions whose deployed schedule is DISABLED (ScheduleState): shown, skipped, never run.</param>
    public static SchedulePlan Plan(
        SleepWakeSchedule schedule,
        DateTimeOffset from,
        int days,
        DateTimeOffset? keepAwakeUntil = null,
        IReadOnlyList<PlannedOneTimeSleep>? oneTimeSleeps = null,
        bool? awakeNow = null,
        IReadOnlySet<string>? disabledActions = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var zone = schedule.TimeZone;
        var firstDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        var windowEnd = schedule.LocalMidnightUtc(firstDate.AddDays(days));

        var disabled = disabledActions ?? new HashSet<string>();
        var events = Events(schedule, from.UtcDateTime, windowEnd, keepAwakeUntil, oneTimeSleeps ?? [], disabled);
        var awake = awakeNow ?? DerivedState(schedule, from.UtcDateTime, disabled);
        var source = awakeNow is null ? "schedule" : "service";

        var dayPlans = new List<PlanDay>();
        var totalHours = 0d;
        var state = awake;
        var cursor = from.UtcDateTime;
        for (var index = 0; index < days; index++)
        {
            var date = firstDate.AddDays(index);
            var dayStart = schedule.LocalMidnightUtc(date);
            var dayEnd = schedule.LocalMidnightUtc(date.AddDays(1));
            var start = dayStart < cursor ? cursor : dayStart;
            var dayEvents = events.Where(e => e.At.UtcDateTime >= dayStart && e.At.UtcDateTime < dayEnd).ToList();

            var awakeTime = TimeSpan.Zero;
            var since = start;
            foreach (var planned in dayEvents.Where(e => e.Outcome == Runs))
            {
                var at = planned.At.UtcDateTime;
                if (planned.Action == Wake && !state)
                {
                    state = true;
                    since = at;
                }
                else if (planned.Action == Sleep && state)
                {
                    state = false;
                    awakeTime += at - since;
                }
            }

            if (state)
            {
                awakeTime += dayEnd - since;
            }

            var hours = Math.Round(awakeTime.TotalHours, 2);
            totalHours += hours;
            var offsetStart = zone.GetUtcOffset(dayStart);
            var offsetEnd = zone.GetUtcOffset(dayEnd.AddTicks(-1));
            dayPlans.Add(new PlanDay(
                date,
                date.DayOfWeek.ToString()[..3],
                schedule.Holidays.Contains(date),
                Offset(offsetStart),
                offsetStart == offsetEnd ? null : $"UTC{Offset(offsetStart)} → UTC{Offset(offsetEnd)}",
                dayEvents,
                hours));
            cursor = dayEnd;
        }

        return new SchedulePlan(zone.Id, from, awake, source, keepAwakeUntil, dayPlans, Math.Round(totalHours, 2));
    }

    private static List<PlanEvent> Events(
        SleepWakeSchedule schedule, DateTime fromUtc, DateTime toUtc, DateTimeOffset? keepAwakeUntil, IReadOnlyList<PlannedOneTimeSleep> oneTimeSleeps, IReadOnlySet<string> disabled)
    {
        var zone = schedule.TimeZone;
        var events = new List<(DateTime At, int Order, PlanEvent Event)>();
        foreach (var at in schedule.Wake.Occurrences(fromUtc, toUtc, zone))
        {
            var holiday = schedule.IsHolidayAt(at);
            events.Add((at, 0, Event(at, zone, Wake, "schedule", DisabledReason(Wake, disabled) ?? (holiday ? $"{schedule.LocalDate(at):yyyy-MM-dd} is a holiday (HOLIDAYS)" : null))));
        }

        foreach (var at in schedule.Sleep.Occurrences(fromUtc, toUtc, zone))
        {
            events.Add((at, 1, Event(at, zone, Sleep, "schedule", DisabledReason(Sleep, disabled) ?? KeepAwakeReason(at, keepAwakeUntil, zone))));
        }

        foreach (var sleep in oneTimeSleeps.Where(s => s.At.UtcDateTime >= fromUtc && s.At.UtcDateTime < toUtc))
        {
            var at = sleep.At.UtcDateTime;
            events.Add((at, 1, Event(at, zone, Sleep, $"one-time {sleep.Name}", KeepAwakeReason(at, keepAwakeUntil, zone))));
        }

        // Same instant: the wake first, so the sleep wins (the backend ends asleep).
        return [.. events.OrderBy(e => e.At).ThenBy(e => e.Order).Select(e => e.Event)];
    }

    private static string? DisabledReason(string action, IReadOnlySet<string> disabled) =>
        disabled.Contains(action) ? $"the recurring {action} schedule is DISABLED (ScheduleState)" : null;

    private static string? KeepAwakeReason(DateTime atUtc, DateTimeOffset? keepAwakeUntil, TimeZoneInfo zone) =>
        keepAwakeUntil is { } until && atUtc < until.UtcDateTime
            ? $"keep-awake until {TimeZoneInfo.ConvertTime(until, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
            : null;

    private static PlanEvent Event(DateTime atUtc, TimeZoneInfo zone, string action, string source, string? skipReason)
    {
        var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(atUtc, TimeSpan.Zero), zone);
        return new PlanEvent(local, local.ToString("HH:mm", CultureInfo.InvariantCulture), action, source, skipReason is null ? Runs : Skipped, skipReason);
    }

    private static bool DerivedState(SleepWakeSchedule schedule, DateTime fromUtc, IReadOnlySet<string> disabled)
    {
        foreach (var step in SleepWakeSchedule.StateLookBehindSteps)
        {
            var last = Events(schedule, fromUtc - step, fromUtc, null, [], disabled).LastOrDefault(e => e.Outcome == Runs);
            if (last is not null)
            {
                return last.Action == Wake;
            }
        }

        return false;
    }

    /// <summary>Local midnight of <paramref name="date"/> in <paramref name="zone"/> as an instant.</summary>
    public static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo zone) =>
        new(SleepWakeSchedule.LocalMidnightUtc(date, zone), TimeSpan.Zero);

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
