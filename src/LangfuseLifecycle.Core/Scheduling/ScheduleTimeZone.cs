using LangfuseLifecycle.Core.Scheduling.Exceptions;

namespace LangfuseLifecycle.Core.Scheduling;

public static class ScheduleTimeZone
{
    public const string DefaultId = "Asia/Tokyo";

    /// <summary>Resolves an IANA time zone id (the same ids EventBridge Scheduler accepts).</summary>
    public static TimeZoneInfo Resolve(string? timeZoneId)
    {
        var id = string.IsNullOrWhiteSpace(timeZoneId) ? DefaultId : timeZoneId.Trim();
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidScalerConfigurationException(
                "SCHEDULE_TIMEZONE", $"'{id}' is not a known IANA time zone", "use an IANA id such as Asia/Tokyo, Europe/Berlin or America/New_York");
        }
    }

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);
}
