using System.Globalization;
using System.Text;

namespace LangfuseLifecycle.Core.Cost;

/// <summary>Plain-text tables for the CLI and the demo.</summary>
public static class CostReportFormatter
{
    public static string FormatComparison(CostComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var text = new StringBuilder();
        Append(text, $"{comparison.Region}, {comparison.Year:D4}-{comparison.Month:D2}: {comparison.MonthHours:0.##} h in the month, {comparison.AwakeHours:0.##} h awake on the schedule");
        Append(text, $"{"Component",-16} {"Item",-62} {"Always on",10} {"Scheduled",10} {"Src",4}");
        for (var index = 0; index < comparison.AlwaysOn.Lines.Count; index++)
        {
            var always = comparison.AlwaysOn.Lines[index];
            var scheduled = comparison.Scheduled.Lines[index];
            Append(text, $"{always.Component,-16} {Truncate(always.Description, 62),-62} {Usd(always.Amount),10} {Usd(scheduled.Amount),10} {always.VerificationMarks,4}");
        }

        Append(text, $"{"Total",-16} {string.Empty,-62} {Usd(comparison.AlwaysOn.Total),10} {Usd(comparison.Scheduled.Total),10}");
        Append(text, $"Saved by the schedule: {Usd(comparison.MonthlySavings)} a month. Src: S = price seen in its source, U = unverified, A = assumption (see prices.tsv).");
        return text.ToString();
    }

    public static string FormatSeedTable(IEnumerable<(SeedReference Reference, CostComparison Comparison)> rows)
    {
        var text = new StringBuilder();
        Append(text, $"{"Setup (seed talk)",-12} {"Talk",8} {"Always on",10} {"Scheduled",10}  Compared column");
        foreach (var (reference, comparison) in rows)
        {
            Append(text, $"{reference.Name,-12} {Usd(reference.ReferenceMonthlyUsd),8} {Usd(comparison.AlwaysOn.Total),10} {Usd(comparison.Scheduled.Total),10}  {(reference.ComparesScheduled ? "scheduled" : "always on")}");
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, FormattableString line) =>
        text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

    private static string Usd(decimal amount) =>
        "$" + Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}
