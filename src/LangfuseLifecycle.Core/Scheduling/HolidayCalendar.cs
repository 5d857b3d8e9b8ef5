using System.Globalization;
using LangfuseLifecycle.Core.Scheduling.Exceptions;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Dates (in the schedule's time zone) on which a scheduled wake is skipped unless forced.</summary>
public sealed class HolidayCalendar
{
    private const int MaxRangeDays = 366;
    private readonly HashSet<DateOnly> _dates;

    private HolidayCalendar(HashSet<DateOnly> dates) => _dates = dates;

    public static HolidayCalendar None { get; } = new([]);

    public IReadOnlyCollection<DateOnly> Dates => _dates;

    public bool IsHoliday(DateOnly date) => _dates.Contains(date);

    public bool IsHoliday(DateTimeOffset instant, TimeZoneInfo timeZone) => IsHoliday(ScheduleTimeZone.LocalDate(instant, timeZone));

    /// <summary>Parses "2026-12-31,2027-01-01..2027-01-03": dates and inclusive ranges, separated by commas, semicolons or white space.</summary>
    public static HolidayCalendar Parse(string? holidays)
    {
        if (string.IsNullOrWhiteSpace(holidays))
        {
            return None;
        }

        var dates = new HashSet<DateOnly>();
        foreach (var entry in holidays.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var range = entry.Split("..");
            if (range.Length > 2)
            {
                throw Malformed(entry);
            }

            var first = ParseDate(range[0], entry);
            var last = range.Length == 2 ? ParseDate(range[1], entry) : first;
            if (last < first || last.DayNumber - first.DayNumber >= MaxRangeDays)
            {
                throw new InvalidScalerConfigurationException(
                    "HOLIDAYS", $"range '{entry}' is reversed or longer than {MaxRangeDays} days", "write ranges as yyyy-MM-dd..yyyy-MM-dd with start <= end, e.g. 2026-12-29..2027-01-03");
            }

            for (var date = first; date <= last; date = date.AddDays(1))
            {
                dates.Add(date);
            }
        }

        return new HolidayCalendar(dates);
    }

    private static DateOnly ParseDate(string text, string entry) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : throw Malformed(entry);

    private static InvalidScalerConfigurationException Malformed(string entry) =>
        new("HOLIDAYS", $"entry '{entry}' is not a date", "use yyyy-MM-dd dates separated by commas; ranges as yyyy-MM-dd..yyyy-MM-dd");
}
