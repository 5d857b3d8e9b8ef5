using System.Globalization;
using LangfuseLifecycle.Core.Cost.Exceptions;

namespace LangfuseLifecycle.Core.Cost.Schedule;

/// <summary>
/// An EventBridge Scheduler <c>cron(minutes hours day-of-month month day-of-week year)</c> expression.
/// Supports <c>* ? , - /</c>, month and weekday names, day-of-week 1-7 with 1 = Sunday, <c>L</c> (last day of
/// month), <c>nL</c> (last weekday n of the month) and <c>n#k</c> (k-th weekday n). <c>W</c> is rejected with a clear error.
/// </summary>
public sealed class CronExpression
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] minutes;
    private readonly bool[] hours;
    private readonly bool[]? daysOfMonth;
    private readonly bool lastDayOfMonth;
    private readonly bool[] months;
    private readonly bool[]? daysOfWeek;
    private readonly (DayOfWeek Day, int Nth)? nthDayOfWeek;
    private readonly DayOfWeek? lastDayOfWeekInMonth;
    private readonly bool[] years;

    private CronExpression(
        string text,
        bool[] minutes,
        bool[] hours,
        bool[]? daysOfMonth,
        bool lastDayOfMonth,
        bool[] months,
        bool[]? daysOfWeek,
        (DayOfWeek, int)? nthDayOfWeek,
        DayOfWeek? lastDayOfWeekInMonth,
        bool[] years)
    {
        Text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.lastDayOfMonth = lastDayOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.nthDayOfWeek = nthDayOfWeek;
        this.lastDayOfWeekInMonth = lastDayOfWeekInMonth;
        this.years = years;
    }

    public const int MinYear = 1970;
    public const int MaxYear = 2199;

    public string Text { get; }

    /// <param name="field">The input name reported in errors, e.g. <c>WakeExpression</c>.</param>
    public static CronExpression Parse(string? expression, string field)
    {
        var text = expression?.Trim() ?? string.Empty;
        if (!text.StartsWith("cron(", StringComparison.Ordinal) || !text.EndsWith(')'))
        {
            var problem = text.StartsWith("rate(", StringComparison.Ordinal) || text.StartsWith("at(", StringComparison.Ordinal)
                ? "sleep and wake times must be cron() expressions (rate() and at() have no time of day)"
                : "it must start with 'cron(' and end with ')'";
            throw new InvalidScheduleExpressionException(field, text, problem);
        }

        var parts = text[5..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            throw new InvalidScheduleExpressionException(field, text, $"it has {parts.Length} fields, EventBridge cron needs exactly 6");
        }

        var domText = parts[2];
        var dowText = parts[4];
        var domIsQuestion = domText == "?";
        var dowIsQuestion = dowText == "?";
        if (domIsQuestion == dowIsQuestion)
        {
            throw new InvalidScheduleExpressionException(field, text, "exactly one of day-of-month and day-of-week must be '?'");
        }

        var minuteSet = ParseField(parts[0], 0, 59, null, "minutes", field, text);
        var hourSet = ParseField(parts[1], 0, 23, null, "hours", field, text);
        var monthSet = ParseField(parts[3], 1, 12, MonthNames, "month", field, text);
        var yearSet = ParseField(parts[5], MinYear, MaxYear, null, "year", field, text);

        bool[]? domSet = null;
        var lastDom = false;
        if (!domIsQuestion)
        {
            if (domText.Contains('W', StringComparison.Ordinal))
            {
                throw new InvalidScheduleExpressionException(field, text, "the W (nearest weekday) day-of-month option is not supported by the cost model; list the days instead");
            }

            if (domText == "L")
            {
                lastDom = true;
            }
            else
            {
                domSet = ParseField(domText, 1, 31, null, "day-of-month", field, text);
            }
        }

        bool[]? dowSet = null;
        (DayOfWeek, int)? nth = null;
        DayOfWeek? lastDow = null;
        if (!dowIsQuestion)
        {
            if (dowText.Contains('#', StringComparison.Ordinal))
            {
                var pieces = dowText.Split('#');
                if (pieces.Length != 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k is < 1 or > 5)
                {
                    throw new InvalidScheduleExpressionException(field, text, "day-of-week 'd#k' needs k between 1 and 5");
                }

                nth = (ParseDayOfWeek(pieces[0], field, text), k);
            }
            else if (dowText.EndsWith('L') && dowText.Length > 1)
            {
                lastDow = ParseDayOfWeek(dowText[..^1], field, text);
            }
            else
            {
                // "L" alone in day-of-week means Saturday, the last day of the week.
                dowSet = ParseField(dowText == "L" ? "7" : dowText, 1, 7, DayNames, "day-of-week", field, text);
            }
        }

        return new CronExpression(text, minuteSet, hourSet, domSet, lastDom, monthSet, dowSet, nth, lastDow, yearSet);
    }

    /// <summary>Whether the expression selects this local calendar date (ignoring the time of day).</summary>
    public bool MatchesDate(DateOnly date)
    {
        if (date.Year is < MinYear or > MaxYear || !years[date.Year - MinYear] || !months[date.Month - 1])
        {
            return false;
        }

        var daysInMonth = DateTime.DaysInMonth(date.Year, date.Month);
        if (lastDayOfMonth)
        {
            return date.Day == daysInMonth;
        }

        if (daysOfMonth is not null)
        {
            return daysOfMonth[date.Day - 1];
        }

        if (nthDayOfWeek is { } nth)
        {
            return date.DayOfWeek == nth.Day && (date.Day - 1) / 7 + 1 == nth.Nth;
        }

        if (lastDayOfWeekInMonth is { } last)
        {
            return date.DayOfWeek == last && date.Day + 7 > daysInMonth;
        }

        // Day-of-week 1 = Sunday, so index (int)DayOfWeek maps Sunday=0 onto field value 1.
        return daysOfWeek![(int)date.DayOfWeek];
    }

    /// <summary>
    /// Fire times in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), ascending, with Scheduler's DST rules:
    /// a local time that does not exist (spring forward) is skipped; a repeated one (fall back) fires once, at its first occurrence.
    /// </summary>
    public IEnumerable<DateTime> Occurrences(DateTime fromUtc, DateTime toUtc, TimeZoneInfo timeZone)
    {
        var firstDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(fromUtc, timeZone)).AddDays(-1);
        var lastDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(toUtc, timeZone)).AddDays(1);
        for (var date = firstDate; date <= lastDate; date = date.AddDays(1))
        {
            if (!MatchesDate(date))
            {
                continue;
            }

            for (var hour = 0; hour < 24; hour++)
            {
                if (!hours[hour])
                {
                    continue;
                }

                for (var minute = 0; minute < 60; minute++)
                {
                    if (!minutes[minute])
                    {
                        continue;
                    }

                    var local = new DateTime(date.Year, date.Month, date.Day, hour, minute, 0, DateTimeKind.Unspecified);
                    if (timeZone.IsInvalidTime(local))
                    {
                        continue;
                    }

                    var utc = ToUtcFirstOccurrence(local, timeZone);
                    if (utc >= fromUtc && utc < toUtc)
                    {
                        yield return utc;
                    }
                }
            }
        }
    }

    public override string ToString() => Text;

    private static DateTime ToUtcFirstOccurrence(DateTime local, TimeZoneInfo timeZone)
    {
        if (!timeZone.IsAmbiguousTime(local))
        {
            return TimeZoneInfo.ConvertTimeToUtc(local, timeZone);
        }

        // The first of two identical local times is the one with the larger UTC offset (daylight time).
        var largestOffset = timeZone.GetAmbiguousTimeOffsets(local).Max();
        return DateTime.SpecifyKind(local - largestOffset, DateTimeKind.Utc);
    }

    private static DayOfWeek ParseDayOfWeek(string token, string field, string text)
    {
        var value = ParseValue(token, 1, 7, DayNames, "day-of-week", field, text);
        return (DayOfWeek)(value - 1);
    }

    private static bool[] ParseField(string token, int min, int max, string[]? names, string part, string field, string text)
    {
        var set = new bool[max - min + 1];
        foreach (var item in token.Split(','))
        {
            if (item.Length == 0)
            {
                throw new InvalidScheduleExpressionException(field, text, $"the {part} field has an empty list item");
            }

            var step = 1;
            var range = item;
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                range = item[..slash];
                if (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    throw new InvalidScheduleExpressionException(field, text, $"the {part} step in '{item}' must be a positive number");
                }
            }

            int low;
            int high;
            if (range == "*")
            {
                (low, high) = (min, max);
            }
            else if (range.Contains('-', StringComparison.Ordinal))
            {
                var bounds = range.Split('-');
                if (bounds.Length != 2)
                {
                    throw new InvalidScheduleExpressionException(field, text, $"the {part} range '{range}' is malformed");
                }

                low = ParseValue(bounds[0], min, max, names, part, field, text);
                high = ParseValue(bounds[1], min, max, names, part, field, text);
                if (low > high)
                {
                    throw new InvalidScheduleExpressionException(field, text, $"the {part} range '{range}' runs backwards");
                }
            }
            else
            {
                low = ParseValue(range, min, max, names, part, field, text);
                high = slash >= 0 ? max : low;
            }

            for (var value = low; value <= high; value += step)
            {
                set[value - min] = true;
            }
        }

        return set;
    }

    private static int ParseValue(string token, int min, int max, string[]? names, string part, string field, string text)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, name => string.Equals(name, token, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + min;
            }
        }

        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidScheduleExpressionException(field, text, $"'{token}' is not a valid {part} value ({min}-{max}{(names is null ? string.Empty : " or " + names[0] + "-" + names[^1])})");
        }

        return value;
    }
}
