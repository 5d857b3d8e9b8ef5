using System.Globalization;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Cli.Contracts;
using Spectre.Console;

namespace LangfuseLifecycle.Cli.Rendering;

public static class ScalerRenderer
{
    public static void Render(IAnsiConsole console, ScalerSummary summary)
    {
        var outcome = summary.Outcome switch
        {
            ScalerOutcome.Skipped => "[yellow]skipped[/]",
            ScalerOutcome.Planned => "[blue]planned (dry run, nothing changed)[/]",
            _ => $"[green]{Markup.Escape(summary.Outcome)}[/]",
        };
        console.MarkupLine($"[bold]{Markup.Escape(summary.Action)}[/]: {outcome} in {(summary.FinishedAt - summary.StartedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s{(summary.SecondsWaited > 0 ? $", {summary.SecondsWaited.ToString("0", CultureInfo.InvariantCulture)} s waiting" : string.Empty)}");
        if (summary.SkipReason is { } skip)
        {
            console.MarkupLine($"  [yellow]Skipped:[/] {Markup.Escape(skip)}");
        }

        console.Write(ServicesTable(summary));
        RenderPlacementAndOverrides(console, summary);
    }

    public static void RenderStatus(IAnsiConsole console, StatusReport report)
    {
        Render(console, report.Status);
        foreach (var schedule in report.Schedules ?? [])
        {
            var state = schedule.Enabled ? "[green]ENABLED[/]" : "[yellow]DISABLED[/]";
            console.MarkupLine($"Schedule {Markup.Escape(schedule.Group)}/{Markup.Escape(schedule.Name)}: {Markup.Escape(schedule.Action)} {Markup.Escape(schedule.Expression)} in {Markup.Escape(schedule.TimeZone)}, {state}");
        }

        foreach (var note in report.Notes ?? [])
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        console.MarkupLine($"Next wake:  {Describe(report.NextWake, report.TimeZone)}");
        console.MarkupLine($"Next sleep: {Describe(report.NextSleep, report.TimeZone)}");
        if (report.LastAction is { } last)
        {
            var outcome = last.Outcome switch
            {
                "completed" => "[green]completed[/]",
                "failed" => "[red]failed[/]",
                _ => $"[yellow]{Markup.Escape(last.Outcome)}[/]",
            };
            var at = last.At is { } time ? $" at {Local(time, report.TimeZone)}" : string.Empty;
            console.MarkupLine($"Last action: [bold]{Markup.Escape(last.Action)}[/]{at}, {outcome} — {Markup.Escape(last.Detail)}");
        }

        foreach (var serviceEvent in report.LastEvents)
        {
            var at = serviceEvent.At is { } time ? Utc(time) : "?";
            console.MarkupLine($"Last ECS event of {Markup.Escape(serviceEvent.Service)} ({at}): {Markup.Escape(serviceEvent.Message)}");
        }

        foreach (var alarm in report.Alarms ?? [])
        {
            var state = alarm.State switch
            {
                "OK" => "[green]OK[/]",
                AlarmReport.Alarm => "[red]ALARM[/]",
                _ => $"[yellow]{Markup.Escape(alarm.State)}[/]",
            };
            var since = alarm.Since is { } time ? $" since {Utc(time)}" : string.Empty;
            var reason = alarm.State == AlarmReport.Alarm && alarm.Reason is { } text ? $" — {Markup.Escape(text)}" : string.Empty;
            console.MarkupLine($"Alarm {Markup.Escape(alarm.Name)}: {state}{since}{reason}");
        }

        if (report.LastNotification is { } sent)
        {
            var topic = sent.TopicArn[(sent.TopicArn.LastIndexOf(':') + 1)..];
            console.MarkupLine($"Last notification: {sent.Messages} message(s) to topic {Markup.Escape(topic)} in the hour from {Utc(sent.HourStarting)}");
            if (sent.Alarm is { } alarmName)
            {
                console.MarkupLine($"  sent when alarm {Markup.Escape(alarmName)} went to ALARM");
            }
        }
    }

    private static string Local(DateTimeOffset instant, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Markup.Escape(zone.Id);
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Describe(PlanEvent? planned, string timeZone) => planned is null
        ? "[grey]none in the next 8 days (or its schedule is DISABLED)[/]"
        : $"{planned.At.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {Markup.Escape(timeZone)}{(planned.Source == "schedule" ? string.Empty : $" ({Markup.Escape(planned.Source)})")}";

    private static Table ServicesTable(ScalerSummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Role");
        table.AddColumn("Service");
        table.AddColumn(new TableColumn("Desired").RightAligned());
        table.AddColumn(new TableColumn("Running").RightAligned());
        table.AddColumn(new TableColumn("Restore count").RightAligned());
        table.AddColumn("Subnets");
        table.AddColumn(new TableColumn("Waited").RightAligned());
        foreach (var service in summary.Services)
        {
            var desired = service.DesiredBefore == service.DesiredAfter ? $"{service.DesiredAfter}" : $"{service.DesiredBefore} → [bold]{service.DesiredAfter}[/]";
            var restore = service.RestoreCountUsed is { } used
                ? $"used {used} ({Markup.Escape(service.RestoreSource ?? "?")})"
                : service.RestoreCountRecorded is { } recorded ? $"recorded {recorded}" : "[grey]none[/]";
            var subnets = service.SubnetsChanged
                ? $"[yellow]{Markup.Escape(string.Join("\n", service.SubnetsBefore ?? []))}\n→ {Markup.Escape(string.Join("\n", service.SubnetsAfter ?? []))}[/]"
                : Markup.Escape(string.Join("\n", service.SubnetsAfter ?? []));
            table.AddRow(
                Markup.Escape(service.Role),
                Markup.Escape(service.Service),
                desired,
                $"{service.RunningCount}{(service.PendingCount > 0 ? $" (+{service.PendingCount} pending)" : string.Empty)}",
                restore,
                subnets,
                service.SecondsWaited > 0 ? $"{service.SecondsWaited.ToString("0", CultureInfo.InvariantCulture)} s" : string.Empty);
        }

        return table;
    }

    private static void RenderPlacementAndOverrides(IAnsiConsole console, ScalerSummary summary)
    {
        if (summary.ClickHousePlacement is { } placement)
        {
            var zones = string.Join(" / ", placement.AllowedZones);
            var repinned = summary.Services.Any(s => s.Role == ServiceRole.ClickHouse && s.SubnetsChanged);
            console.MarkupLine(repinned
                ? $"ClickHouse AZ pin: [green]fixed[/] — removed {Markup.Escape(string.Join(", ", placement.OutOfZoneSubnets))}, outside {Markup.Escape(zones)} (the AZ of {Markup.Escape(placement.FileSystemId)})"
                : placement.Pinned
                ? $"ClickHouse AZ pin: [green]ok[/] — every subnet is in {Markup.Escape(zones)}, the AZ of {Markup.Escape(placement.FileSystemId)}"
                : $"ClickHouse AZ pin: [yellow]needs a fix[/] — {Markup.Escape(placement.FileSystemId)} is in {Markup.Escape(zones)}; outside it: {Markup.Escape(string.Join(", ", placement.OutOfZoneSubnets))}");
        }

        if (summary.Overrides is { } overrides)
        {
            if (overrides.KeepAwakeUntil is { } until)
            {
                console.MarkupLine($"Keep-awake: until {Utc(until)} ({(overrides.KeepAwakeActive ? "[green]active[/]" : "[grey]expired[/]")}){(overrides.KeepAwakeReason is { } reason ? $" — {Markup.Escape(reason)}" : string.Empty)}");
            }

            foreach (var schedule in overrides.OneTimeSchedules ?? [])
            {
                console.MarkupLine($"One-time {Markup.Escape(schedule.Action)} at {Utc(schedule.At)} ({Markup.Escape(schedule.Name)})");
            }

            if (overrides.HolidayToday)
            {
                console.MarkupLine($"Today is a holiday in {Markup.Escape(overrides.TimeZone)}: the scheduled wake is skipped.");
            }
        }

        foreach (var warning in summary.Warnings)
        {
            console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(warning)}");
        }
    }
}
