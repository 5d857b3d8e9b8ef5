using System.Globalization;
using LangfuseLifecycle.Core.Scheduling.Planning;
using Spectre.Console;

namespace LangfuseLifecycle.Cli.Rendering;

public static class PlanRenderer
{
    public static void Render(IAnsiConsole console, SchedulePlan plan, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        console.MarkupLine($"Plan in [bold]{Markup.Escape(plan.TimeZone)}[/] from {plan.From.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; backend {(plan.AwakeAtStart ? "[green]awake[/]" : "[grey]asleep[/]")} now (from the {Markup.Escape(plan.AwakeAtStartSource)}).");
        if (plan.KeepAwakeUntil is { } until)
        {
            console.MarkupLine($"Keep-awake override until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: scheduled sleeps before it are skipped.");
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Date");
        table.AddColumn("Day");
        table.AddColumn("UTC offset");
        table.AddColumn("Actions (local time)");
        table.AddColumn(new TableColumn("Awake h").RightAligned());
        foreach (var day in plan.Days)
        {
            var actions = day.Events.Count == 0
                ? "[grey]none[/]"
                : string.Join("\n", day.Events.Select(Describe));
            var dayLabel = day.IsHoliday ? $"{day.DayOfWeek} [yellow](holiday)[/]" : day.DayOfWeek;
            var offset = day.DaylightSavingShift is { } shift ? $"[yellow]DST {Markup.Escape(shift)}[/]" : day.UtcOffset;
            table.AddRow(day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dayLabel, offset, actions, day.AwakeHours.ToString("0.##", CultureInfo.InvariantCulture));
        }

        table.AddRow("[bold]Total[/]", string.Empty, string.Empty, string.Empty, $"[bold]{plan.TotalAwakeHours.ToString("0.##", CultureInfo.InvariantCulture)}[/]");
        console.Write(table);
    }

    private static string Describe(PlanEvent planned)
    {
        var source = planned.Source == "schedule" ? string.Empty : $" ({Markup.Escape(planned.Source)})";
        return planned.Outcome == SchedulePlanner.Runs
            ? $"{planned.LocalTime} {(planned.Action == SchedulePlanner.Wake ? "[green]wake[/]" : "[blue]sleep[/]")}{source}"
            : $"[grey]{planned.LocalTime} {planned.Action}{source} skipped: {Markup.Escape(planned.SkipReason ?? string.Empty)}[/]";
    }
}
