using System.Globalization;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Names of one-time sleep schedules: prefix + UTC minute, e.g. langfuse-sleep-at-20261129T1100Z (Scheduler names allow [0-9a-zA-Z-_.], 64 chars).
/// A second wake-for-hours ending at the same minute reuses the name instead of adding a duplicate.</summary>
public static class OneTimeScheduleName
{
    public static string For(string prefix, DateTimeOffset at) =>
        prefix + at.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset RoundUpToMinute(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var truncated = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        return truncated == utc ? truncated : truncated.AddMinutes(1);
    }
}
