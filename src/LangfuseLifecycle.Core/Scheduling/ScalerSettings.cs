namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Calendar and limits of the scheduler.</summary>
/// <param name="TimeZone">The schedule's time zone: holidays and local "until" times are read in it.</param>
/// <param name="MaxForHours">Largest accepted <c>forHours</c>.</param>
/// <param name="MaxKeepAwake">Furthest accepted <c>until</c> from now.</param>
/// <param name="OneTimeScheduleNamePrefix">Prefix of the one-time sleep schedules this scheduler creates (and lists).</param>
public sealed record ScalerSettings(
    TimeZoneInfo TimeZone,
    HolidayCalendar Holidays,
    WaitSettings Wait,
    double MaxForHours = 168,
    TimeSpan? MaxKeepAwake = null,
    string OneTimeScheduleNamePrefix = "langfuse-sleep-at-")
{
    public TimeSpan KeepAwakeLimit => MaxKeepAwake ?? TimeSpan.FromDays(31);

    public static ScalerSettings Create(string timeZoneId, string? holidays, WaitSettings wait)
    {
        var timeZone = ScheduleTimeZone.Resolve(timeZoneId);
        return new ScalerSettings(timeZone, HolidayCalendar.Parse(holidays), wait);
    }
}
