using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Cli.Commands.Cost;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Functions.Contracts.Cli;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using Spectre.Console.Cli;
using Deployment = LangfuseLifecycle.Cli.Configuration.Deployment;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>
/// <c>status</c>: the scaler's status action (<see cref="BackendStatus"/>: desired/running, restore records, AZ pin,
/// overrides), the next scheduled wake and sleep in the schedule's local time, and each service's newest ECS event.
/// </summary>
public sealed class StatusCommand(CliContext context) : AsyncCommand<ScalerSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, ScalerSettings settings, CancellationToken cancellationToken)
    {
        var (summary, deployment) = await new ScalerRunner(context).RunAsync(
            settings, new ScalerEvent("status", null, null, settings.Reason, null, null), "Reading the backend", cancellationToken).ConfigureAwait(false);

        var notes = new List<string>();
        var schedule = ScheduleSource.Resolve(settings, deployment, context.GetVariable, notes);
        var live = LiveState.FromStatus(summary);
        var plan = SchedulePlanner.Plan(schedule, context.Time.GetUtcNow(), 8, live.KeepAwakeUntil, live.OneTimeSleeps, live.AwakeNow);
        var upcoming = plan.Days.SelectMany(day => day.Events).Where(e => e.Outcome == SchedulePlanner.Runs).ToList();
        var events = await LastEventsAsync(deployment, summary, cancellationToken).ConfigureAwait(false);
        var report = new StatusReport(
            summary,
            upcoming.FirstOrDefault(e => e.Action == SchedulePlanner.Wake),
            upcoming.FirstOrDefault(e => e.Action == SchedulePlanner.Sleep),
            events);

        if (settings.Json)
        {
            JsonOutput.Write(context, report, json => json.StatusReport);
        }
        else
        {
            ScalerRenderer.RenderStatus(context.Console, report, schedule.TimeZone.Id);
        }

        return ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<ServiceEventReport>> LastEventsAsync(Deployment deployment, ScalerSummary summary, CancellationToken cancellationToken)
    {
        var cluster = deployment.Get(DeploymentSetting.Cluster);
        if (cluster is null || summary.Services.Count == 0)
        {
            return [];
        }

        var response = await new AmazonECSClient(deployment.Aws).DescribeServicesAsync(
            new DescribeServicesRequest { Cluster = cluster, Services = [.. summary.Services.Select(s => s.Service)] }, cancellationToken).ConfigureAwait(false);
        return [.. (response.Services ?? [])
            .Select(service => (service.ServiceName, Event: service.Events?.OrderByDescending(e => e.CreatedAt).FirstOrDefault()))
            .Where(pair => pair.Event?.Message is not null)
            .Select(pair => new ServiceEventReport(
                pair.ServiceName ?? string.Empty,
                pair.Event!.CreatedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
                pair.Event.Message!))];
    }
}

/// <summary>What the plan needs from a status summary: awake now, active keep-awake, pending one-time sleeps.</summary>
public sealed record LiveState(bool AwakeNow, DateTimeOffset? KeepAwakeUntil, IReadOnlyList<PlannedOneTimeSleep> OneTimeSleeps)
{
    public static LiveState FromStatus(ScalerSummary status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var clickHouse = status.Services.FirstOrDefault(s => s.Role == ServiceRole.ClickHouse);
        var overrides = status.Overrides;
        return new LiveState(
            (clickHouse?.DesiredAfter ?? 0) > 0,
            overrides is { KeepAwakeActive: true } ? overrides.KeepAwakeUntil : null,
            [.. (overrides?.OneTimeSchedules ?? []).Where(s => s.Action == "sleep").Select(s => new PlannedOneTimeSleep(s.Name, s.At))]);
    }
}
