using LangfuseLifecycle.Cli.Commands.Backend;
using LangfuseLifecycle.Cli.Commands.Cost;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Plan;

/// <summary>
/// <c>plan</c>: what the sleep/wake schedules will do day by day (<see cref="SchedulePlanner"/>), with holidays, DST
/// shifts and awake hours; with a deployment, also the live state, keep-awake override and one-time sleeps.
/// </summary>
public sealed class PlanCommand(CliContext context) : AsyncCommand<PlanSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, PlanSettings settings, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        Deployment? deployment = settings.Stack is not null ? await Deployment.ResolveAsync(settings, context, cancellationToken).ConfigureAwait(false) : null;
        var resolved = deployment is not null && !settings.ScheduleOnly
            ? await ScheduleSource.ResolveDeployedAsync(settings, deployment, context.GetVariable, notes, null, cancellationToken).ConfigureAwait(false)
            : new ResolvedSchedule(ScheduleSource.Resolve(settings, deployment, context.GetVariable, notes), "configured", []);
        var schedule = resolved.Schedule;
        var from = settings.From is { } date
            ? SchedulePlanner.LocalMidnight(DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), schedule.TimeZone)
            : context.Time.GetUtcNow();
        LiveState? live = null;
        if (!settings.ScheduleOnly && settings.From is null && HasBackend(settings, deployment))
        {
            var (status, _) = await new ScalerRunner(context).RunAsync(ScalerCommandSettingsFor(settings), new ScalerEvent("status"), "Reading the backend", cancellationToken).ConfigureAwait(false);
            live = LiveState.FromStatus(status);
        }

        var plan = SchedulePlanner.Plan(schedule, from, settings.Days, live?.KeepAwakeUntil, live?.OneTimeSleeps, live?.AwakeNow, resolved.DisabledActions);
        if (settings.Json)
        {
            JsonOutput.Write(context, plan, json => json.SchedulePlan);
        }
        else
        {
            PlanRenderer.Render(context.Console, plan, notes);
        }

        return ExitCodes.Ok;
    }

    private bool HasBackend(PlanSettings settings, Deployment? deployment) =>
        (deployment?.Get(DeploymentSetting.Cluster, settings.Cluster) ?? settings.Cluster ?? context.GetVariable(DeploymentSetting.Cluster.Variable)) is not null;

    /// <summary>The live read is a scaler status with the plan's own target options; it never waits for health.</summary>
    private static ScalerCommandSettings ScalerCommandSettingsFor(PlanSettings settings) => new()
    {
        Stack = settings.Stack,
        Region = settings.Region,
        Profile = settings.Profile,
        Output = GlobalSettings.JsonOutput,
        Cluster = settings.Cluster,
        ClickHouseService = settings.ClickHouseService,
        WorkerServices = settings.WorkerServices,
        FileSystemId = settings.FileSystemId,
        TimeZone = settings.TimeZone,
        Holidays = settings.Holidays,
        SkipHealthCheck = true,
    };
}
