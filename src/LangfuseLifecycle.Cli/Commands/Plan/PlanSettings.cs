using System.ComponentModel;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Core.Scheduling.Planning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Plan;

public sealed class PlanSettings : BackendSettings
{
    [CommandOption("--days <DAYS>")]
    [Description("How many days to plan, from now (1-62).")]
    [DefaultValue(7)]
    public int Days { get; set; } = 7;

    [CommandOption("--from <YYYY-MM-DD>")]
    [Description("Plan from this local date (midnight in the schedule's time zone) instead of now, e.g. the holiday week.")]
    public string? From { get; set; }

    [CommandOption("--schedule-only")]
    [Description("Ignore the live backend (current state, keep-awake, one-time sleeps): plan from the schedule alone, with no AWS call.")]
    public bool ScheduleOnly { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        if (From is { } from && !DateOnly.TryParseExact(from, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            return ValidationResult.Error($"--from '{from}' is not a date: use yyyy-MM-dd, e.g. --from 2026-12-28.");
        }

        return Days is < 1 or > SchedulePlanner.MaxDays
            ? ValidationResult.Error($"--days {Days} is out of range: plan 1 to {SchedulePlanner.MaxDays} days, e.g. --days 14.")
            : ValidationResult.Success();
    }
}
