using LangfuseLifecycle.Core.Cost.Exceptions;

namespace LangfuseLifecycle.Core.Cost.Schedule;

/// <summary>
/// How long the backend is awake in a UTC interval under a sleep/wake schedule. Wakes on holidays are skipped;
/// the state at the interval's start is the last transition before it; a wake and a sleep at the same instant leave it asleep.
/// </summary>
public static class AwakeTimeCalculator
{
    private static readonly TimeSpan NeverFiresHorizon = TimeSpan.FromDays(400);

    public static TimeSpan AwakeTime(SleepWakeSchedule schedule, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (fromUtc.Kind != DateTimeKind.Utc || toUtc.Kind != DateTimeKind.Utc || toUtc <= fromUtc)
        {
            throw new InvalidCostInputException("Period", "the interval must be in UTC and end after it starts.");
        }

        RequireFires(schedule.Wake, schedule, fromUtc, toUtc, wake: true);
        RequireFires(schedule.Sleep, schedule, fromUtc, toUtc, wake: false);

        var awake = InitialStateIsAwake(schedule, fromUtc);
        var awakeSince = fromUtc;
        var total = TimeSpan.Zero;
        foreach (var (at, wakes) in Transitions(schedule, fromUtc, toUtc))
        {
            if (wakes && !awake)
            {
                awake = true;
                awakeSince = at;
            }
            else if (!wakes && awake)
            {
                awake = false;
                total += at - awakeSince;
            }
        }

        if (awake)
        {
            total += toUtc - awakeSince;
        }

        return total;
    }

    /// <summary>
    /// Awake time in the local week starting at 00:00 on <paramref name="weekStart"/> in the schedule's time zone — 167,
    /// 168 or 169 real hours long when a DST change falls inside it.
    /// </summary>
    public static TimeSpan AwakeTimeInWeek(SleepWakeSchedule schedule, DateOnly weekStart)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return AwakeTime(schedule, schedule.LocalMidnightUtc(weekStart), schedule.LocalMidnightUtc(weekStart.AddDays(7)));
    }

    /// <summary>Transitions in time order; at equal instants the wake comes first so the sleep wins.</summary>
    private static IEnumerable<(DateTime At, bool Wakes)> Transitions(SleepWakeSchedule schedule, DateTime fromUtc, DateTime toUtc)
    {
        var wakes = schedule.Wake.Occurrences(fromUtc, toUtc, schedule.TimeZone)
            .Where(at => !schedule.IsHolidayAt(at))
            .Select(at => (At: at, Wakes: true));
        var sleeps = schedule.Sleep.Occurrences(fromUtc, toUtc, schedule.TimeZone).Select(at => (At: at, Wakes: false));
        return wakes.Concat(sleeps).OrderBy(transition => transition.At).ThenBy(transition => transition.Wakes ? 0 : 1);
    }

    private static bool InitialStateIsAwake(SleepWakeSchedule schedule, DateTime fromUtc)
    {
        foreach (var step in SleepWakeSchedule.StateLookBehindSteps)
        {
            var last = Transitions(schedule, fromUtc - step, fromUtc).LastOrDefault();
            if (last != default)
            {
                return last.Wakes;
            }
        }

        return false;
    }

    private static void RequireFires(CronExpression expression, SleepWakeSchedule schedule, DateTime fromUtc, DateTime toUtc, bool wake)
    {
        var fires = expression.Occurrences(fromUtc - NeverFiresHorizon, toUtc + NeverFiresHorizon, schedule.TimeZone).Any();
        if (fires)
        {
            return;
        }

        if (wake)
        {
            throw new ScheduleNeverWakesException("WakeExpression", expression.Text);
        }

        throw new InvalidScheduleExpressionException(
            "SleepExpression",
            expression.Text,
            "it never fires within a year of the priced month, so the backend would never sleep");
    }
}
