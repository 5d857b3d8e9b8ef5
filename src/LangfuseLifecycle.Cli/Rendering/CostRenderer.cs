using System.Globalization;
using LangfuseLifecycle.Cli.Contracts;
using Spectre.Console;

namespace LangfuseLifecycle.Cli.Rendering;

public static class CostRenderer
{
    public static void Render(IAnsiConsole console, CostReport report)
    {
        var comparison = report.Comparison;
        console.MarkupLine($"[bold]{comparison.Region}, {comparison.Year:D4}-{comparison.Month:D2}[/]: {Hours(comparison.MonthHours)} h in the month, {Hours(comparison.AwakeHours)} h awake on the schedule ({report.Source} configuration)");
        foreach (var assumption in report.Assumptions)
        {
            console.MarkupLine($"  [grey]• {Markup.Escape(assumption)}[/]");
        }

        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("Component");
        table.AddColumn("Item");
        table.AddColumn(new TableColumn("Always on").RightAligned());
        table.AddColumn(new TableColumn("Scheduled").RightAligned());
        table.AddColumn("Src");
        for (var index = 0; index < comparison.AlwaysOn.Lines.Count; index++)
        {
            var always = comparison.AlwaysOn.Lines[index];
            var scheduled = comparison.Scheduled.Lines[index];
            table.AddRow(Markup.Escape(always.Component), Markup.Escape(always.Description), Usd(always.Amount), Usd(scheduled.Amount), always.VerificationMarks);
        }

        table.AddRow("[bold]Total[/]", string.Empty, $"[bold]{Usd(comparison.AlwaysOn.Total)}[/]", $"[bold]{Usd(comparison.Scheduled.Total)}[/]", string.Empty);
        console.Write(table);
        console.MarkupLine($"Saved by the schedule: [green]{Usd(comparison.MonthlySavings)}[/] a month. Src: S = price seen in its source, U = unverified, A = assumption.");

        var seed = new Table().Border(TableBorder.Rounded).Title("Seed talk's reference (ap-northeast-1)");
        seed.AddColumn("Setup");
        seed.AddColumn(new TableColumn("Talk").RightAligned());
        seed.AddColumn(new TableColumn("Always on").RightAligned());
        seed.AddColumn(new TableColumn("Scheduled").RightAligned());
        seed.AddColumn("Talk compares");
        foreach (var row in report.SeedReference)
        {
            seed.AddRow(Markup.Escape(row.Name), Usd(row.ReferenceMonthlyUsd), Usd(row.AlwaysOnMonthlyUsd), Usd(row.ScheduledMonthlyUsd), row.ComparesScheduled ? "scheduled" : "always on");
        }

        seed.AddRow("[bold]this config[/]", string.Empty, $"[bold]{Usd(comparison.AlwaysOn.Total)}[/]", $"[bold]{Usd(comparison.Scheduled.Total)}[/]", string.Empty);
        console.Write(seed);
    }

    private static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Usd(decimal amount) =>
        "$" + Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}
