using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary><c>sleep</c>: workers first, then ClickHouse, recording restore counts (<see cref="SleepBackend"/> via the scaler handler).</summary>
public sealed class SleepCommand(CliContext context) : AsyncCommand<SleepSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, SleepSettings settings, CancellationToken cancellationToken)
    {
        var (summary, _) = await new ScalerRunner(context).RunAsync(
            settings, new ScalerEvent("sleep", settings.DryRun, null, settings.Reason ?? "langfuse-lifecycle sleep", null, settings.Force), "Putting the worker, then ClickHouse, to sleep", cancellationToken).ConfigureAwait(false);
        return ScalerOutput.Write(context, settings.Json, summary);
    }
}

/// <summary><c>wake [--for 3h]</c>: ClickHouse in its EFS AZ first, then the workers (<see cref="WakeBackend"/>); with --for, a one-time sleep schedule.</summary>
public sealed class WakeCommand(CliContext context) : AsyncCommand<WakeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WakeSettings settings, CancellationToken cancellationToken)
    {
        var (summary, _) = await new ScalerRunner(context).RunAsync(
            settings, new ScalerEvent("wake", settings.DryRun, settings.ForHours, settings.Reason ?? "langfuse-lifecycle wake", null, settings.Force), "Waking ClickHouse, then the worker", cancellationToken).ConfigureAwait(false);
        return ScalerOutput.Write(context, settings.Json, summary);
    }
}

/// <summary><c>keep-awake --until TIME</c>: wakes if needed and makes scheduled sleeps skip until then.</summary>
public sealed class KeepAwakeCommand(CliContext context) : AsyncCommand<KeepAwakeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, KeepAwakeSettings settings, CancellationToken cancellationToken)
    {
        var (summary, _) = await new ScalerRunner(context).RunAsync(
            settings, new ScalerEvent("keep-awake", settings.DryRun, null, settings.Reason ?? "langfuse-lifecycle keep-awake", settings.Until, null), "Keeping the backend awake", cancellationToken).ConfigureAwait(false);
        return ScalerOutput.Write(context, settings.Json, summary);
    }
}

internal static class ScalerOutput
{
    public static int Write(CliContext context, bool json, ScalerSummary summary)
    {
        if (json)
        {
            JsonOutput.Write(context, summary, j => j.ScalerSummary);
        }
        else
        {
            ScalerRenderer.Render(context.Console, summary);
        }

        return ExitCodes.Ok;
    }
}
