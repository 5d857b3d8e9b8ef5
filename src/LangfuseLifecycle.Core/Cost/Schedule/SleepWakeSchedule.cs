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

    /// <summary>
    /// How far back the state before an instant is looked for: a week covers any weekly schedule, a bit more than a year
    /// covers the rest. The cost model and the planner both derive the state this way.
    /// </summary>
    internal static IReadOnlyList<TimeSpan> StateLookBehindSteps { get; } = [TimeSpan.FromDays(8), TimeSpan.FromDays(400)];

    /// <summary>Whether the local date of <paramref name="utc"/> in the schedule's time zone is a holiday (its scheduled wake is skipped).</summary>
    public bool IsHolidayAt(DateTime utc) => Holidays.Contains(LocalDate(utc));

    /// <summary>The local calendar date of <paramref name="utc"/> in the schedule's time zone.</summary>
    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone));

    /// <summary>UTC instant of local midnight on <paramref name="date"/> in the schedule's time zone.</summary>
    public DateTime LocalMidnightUtc(DateOnly date) => LocalMidnightUtc(date, TimeZone);

    /// <summary>
    /// UTC instant of local midnight on <paramref name="date"/> in <paramref name="zone"/>; in a zone whose clocks skip
    /// midnight, the day starts at the first valid minute after it. The one day-boundary rule of the cost model and the planner.
    /// </summary>
    public static DateTime LocalMidnightUtc(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

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
