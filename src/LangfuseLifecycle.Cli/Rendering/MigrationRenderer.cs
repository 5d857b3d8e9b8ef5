using System.Globalization;
using LangfuseLifecycle.Cli.Contracts;
using Spectre.Console;

namespace LangfuseLifecycle.Cli.Rendering;

public static class MigrationRenderer
{
    public static void Render(IAnsiConsole console, MigrationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"Migration {Markup.Escape(report.Name ?? report.ExecutionArn)}");
        table.AddColumn("Phase");
        table.AddColumn("Started (UTC)");
        table.AddColumn(new TableColumn("Took").RightAligned());
        table.AddColumn("Last state");
        table.AddColumn("Outcome");
        foreach (var phase in report.Phases)
        {
            var took = phase.EndedAt is { } end ? Duration(end - phase.StartedAt) : "…";
            var outcome = phase.Outcome switch
            {
                "failed" => "[red]failed[/]",
                "running" => "[yellow]running[/]",
                _ => "[green]completed[/]",
            };
            table.AddRow(Markup.Escape(phase.Phase), phase.StartedAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), took, Markup.Escape(phase.LastState), outcome);
        }

        console.Write(table);
        var status = report.Status switch
        {
            "SUCCEEDED" => "[green]SUCCEEDED[/]",
            "RUNNING" => "[yellow]RUNNING[/] (follow with 'migrate status')",
            _ => $"[red]{Markup.Escape(report.Status)}[/]",
        };
        console.MarkupLine($"Status: {status}");
        if (report.Error is not null)
        {
            console.MarkupLine($"Error: [red]{Markup.Escape(report.Error)}[/]");
        }

        if (report.Cause is not null)
        {
            console.MarkupLine($"Cause: {Markup.Escape(report.Cause)}");
        }

        if (report.Output is not null)
        {
            console.MarkupLine($"Output: {Markup.Escape(report.Output)}");
        }
    }

    private static string Duration(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s");
}
