using LangfuseLifecycle.Core.Cost.Exceptions;

namespace LangfuseLifecycle.Core.Cost.Schedule;

/// <summary>
/// The scheduler's wake and sleep expressions, evaluated in one IANA time zone, with holidays (local dates) on which a
/// scheduled wake is skipped — the same rules the scheduler Lambda applies.
/// </summary>
public sealed class SleepWakeSchedule
{
    private SleepWakeSchedule(CronExpression wake, CronExpression sleep, TimeZoneInfo timeZone, IReadOnlySet<DateOnly> holidays)
    {
        Wake = wake;
        Sleep = sleep;
        TimeZone = timeZone;
        Holidays = holidays;
    }

    public CronExpression Wake { get; }

    public CronExpression Sleep { get; }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlySet<DateOnly> Holidays { get; }

    /// <summary>The scheduler's defaults: wake 08:00 and sleep 20:00, Monday to Friday, Asia/Tokyo.</summary>
    public static SleepWakeSchedule BusinessHoursTokyo() =>
        Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo");

    public static SleepWakeSchedule Create(string wakeExpression, string sleepExpression, string timeZone, IEnumerable<DateOnly>? holidays = null)
    {
        var wake = CronExpression.Parse(wakeExpression, "WakeExpression");
        var sleep = CronExpression.Parse(sleepExpression, "SleepExpression");
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new UnknownTimeZoneException("TimeZone", timeZone);
        }

        return new SleepWakeSchedule(wake, sleep, zone, new HashSet<DateOnly>(holidays ?? []));
    }
}
