using System.ComponentModel;
using System.Globalization;
using LangfuseLifecycle.Cli.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>Options of the commands that send a scaler action (the same event the ScalerFunction receives).</summary>
public class ScalerCommandSettings : BackendSettings
{
    [CommandOption("--reason <TEXT>")]
    [Description("Why: recorded in the summary, the logs and the EventBridge event.")]
    public string? Reason { get; set; }

    [CommandOption("--via-lambda")]
    [Description("Invoke the deployed ScalerFunction (Lambda Invoke) instead of running its handler here: it runs in the VPC with the function's role, so health URLs are reachable.")]
    public bool ViaLambda { get; set; }

    [CommandOption("--function <NAME_OR_ARN>")]
    [Description("The scaler function for --via-lambda (default: the stack's ScalerFunctionArn output; env SCALER_FUNCTION_ARN).")]
    public string? Function { get; set; }

    [CommandOption("--skip-health-check")]
    [Description("Do not wait for CLICKHOUSE_HEALTH_URL / WORKER_HEALTH_URL (they usually resolve only inside the VPC); wait for ECS steady state only.")]
    public bool SkipHealthCheck { get; set; }
}

public class ChangingScalerSettings : ScalerCommandSettings
{
    [CommandOption("--dry-run")]
    [Description("Show what would change and change nothing.")]
    public bool DryRun { get; set; }

    [CommandOption("--force")]
    [Description("sleep: ignore (and clear) a keep-awake override. wake: wake on a holiday too.")]
    public bool Force { get; set; }
}

public sealed class SleepSettings : ChangingScalerSettings;

public sealed class WakeSettings : ChangingScalerSettings
{
    [CommandOption("--for <DURATION>")]
    [Description("Wake now and sleep again after this long (a one-time EventBridge Scheduler schedule), e.g. 3h, 90m, 1.5h.")]
    public string? For { get; set; }

    public double? ForHours => For is null ? null : Durations.ParseHours(For);

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        return For is not null && Durations.ParseHours(For) is null
            ? ValidationResult.Error($"--for '{For}' is not a duration: use hours or minutes, e.g. --for 3h, --for 90m, --for 1.5h.")
            : ValidationResult.Success();
    }
}

public sealed class KeepAwakeSettings : ScalerCommandSettings
{
    [CommandOption("--until <TIME>")]
    [Description("Skip scheduled sleeps until this time: ISO 8601, read in the schedule's time zone unless it has an offset, e.g. 2026-12-01T22:00 or 2026-12-01T13:00Z.")]
    public string? Until { get; set; }

    [CommandOption("--dry-run")]
    [Description("Show what would change and change nothing.")]
    public bool DryRun { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        return string.IsNullOrWhiteSpace(Until)
            ? ValidationResult.Error("keep-awake needs --until <TIME>, e.g. --until 2026-12-01T22:00 (schedule time zone) or --until 2026-12-01T13:00Z.")
            : ValidationResult.Success();
    }
}

/// <summary>"3h", "90m", "1.5h", "2" (hours) → hours.</summary>
public static class Durations
{
    public static double? ParseHours(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, perHour) = trimmed.EndsWith('m') ? (trimmed[..^1], 60d) : trimmed.EndsWith('h') ? (trimmed[..^1], 1d) : (trimmed, 1d);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && !double.IsInfinity(value)
            ? value / perHour
            : null;
    }
}
