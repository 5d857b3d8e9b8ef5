using System.Globalization;
using LangfuseLifecycle.Cli.Exceptions;

namespace LangfuseLifecycle.Cli.Commands.Cost;

/// <summary>HOLIDAYS text (yyyy-MM-dd dates and yyyy-MM-dd..yyyy-MM-dd ranges) as dates.</summary>
public static class HolidayText
{
    public static IReadOnlyList<DateOnly> Parse(string? text)
    {
        var dates = new List<DateOnly>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return dates;
        }

        foreach (var entry in text.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var range = entry.Split("..");
            if (range.Length > 2 || !TryDate(range[0], out var first) || !TryDate(range[^1], out var last) || last < first)
            {
                throw new CliUsageException($"Holiday '{entry}' is not a date: use yyyy-MM-dd dates separated by commas, ranges as yyyy-MM-dd..yyyy-MM-dd.");
            }

            for (var date = first; date <= last; date = date.AddDays(1))
            {
                dates.Add(date);
            }
        }

        return dates;
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
