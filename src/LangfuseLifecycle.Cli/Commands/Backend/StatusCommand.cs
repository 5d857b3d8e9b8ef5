using LangfuseLifecycle.Aws.CloudWatch;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Cli.Commands.Cost;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Cli.Contracts;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using Spectre.Console.Cli;
using Deployment = LangfuseLifecycle.Cli.Configuration.Deployment;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>
/// <c>status</c>: the scaler's status action (<see cref="BackendStatus"/>: desired/running, restore records, AZ pin,
/// overrides), the next scheduled wake and sleep in the schedule's local time (from the deployed EventBridge Scheduler
/// schedules when found), the last action and its outcome, each service's newest ECS event, the stack's alarm states and
/// its last notification (<see cref="StackAlarmsReader"/>). Read-only.
/// </summary>
public sealed class StatusCommand(CliContext context) : AsyncCommand<ScalerCommandSettings>
{
    private const int LookAheadDays = 8;

    public override async Task<int> ExecuteAsync(CommandContext commandContext, ScalerCommandSettings settings, CancellationToken cancellationToken)
    {
        var (summary, deployment) = await new ScalerRunner(context).RunAsync(
            settings, new ScalerEvent("status", null, null, settings.Reason, null, null), "Reading the backend", cancellationToken).ConfigureAwait(false);

        var notes = new List<string>();
        var schedule = await ScheduleSource.ResolveDeployedAsync(settings, deployment, context.GetVariable, notes, settings.Function, cancellationToken).ConfigureAwait(false);
        var live = LiveState.FromStatus(summary);
        var plan = SchedulePlanner.Plan(schedule.Schedule, context.Time.GetUtcNow(), LookAheadDays, live.KeepAwakeUntil, live.OneTimeSleeps, live.AwakeNow, schedule.DisabledActions);
        var upcoming = plan.Days.SelectMany(day => day.Events).Where(e => e.Outcome == SchedulePlanner.Runs).ToList();
        var observed = await ObserveServicesAsync(deployment, summary, notes, cancellationToken).ConfigureAwait(false);
        var cloudWatch = new AmazonCloudWatchClient(deployment.Aws);
        var alarms = await StackAlarmsReader.ReadAlarmsAsync(cloudWatch, deployment, notes, cancellationToken).ConfigureAwait(false);
        var lastNotification = await StackAlarmsReader.ReadLastNotificationAsync(cloudWatch, deployment, alarms, context.Time.GetUtcNow(), notes, cancellationToken).ConfigureAwait(false);
        var report = new StatusReport(
            summary,
            upcoming.FirstOrDefault(e => e.Action == SchedulePlanner.Wake),
            upcoming.FirstOrDefault(e => e.Action == SchedulePlanner.Sleep),
            observed.Events,
            schedule.Schedule.TimeZone.Id,
            schedule.Source,
            schedule.Deployed,
            LastAction.Derive(observed.Services),
            notes,
            alarms,
            lastNotification);

        if (settings.Json)
        {
            JsonOutput.Write(context, report, json => json.StatusReport);
        }
        else
        {
            ScalerRenderer.RenderStatus(context.Console, report);
        }

        return ExitCodes.Ok;
    }

    /// <summary>One DescribeServices (with tags) for the newest ECS events, restore record times and rollout states.</summary>
    /// <remarks>With --via-lambda the caller may hold lambda:InvokeFunction only: a denied read is a note, not a failed status.</remarks>
    private static async Task<(IReadOnlyList<ServiceEventReport> Events, IReadOnlyList<ServiceObservation> Services)> ObserveServicesAsync(
        Deployment deployment, ScalerSummary summary, List<string> notes, CancellationToken cancellationToken)
    {
        var cluster = deployment.Get(DeploymentSetting.Cluster);
        if (cluster is null || summary.Services.Count == 0)
        {
            return ([], []);
        }

        DescribeServicesResponse response;
        try
        {
            response = await new AmazonECSClient(deployment.Aws).DescribeServicesAsync(
                new DescribeServicesRequest { Cluster = cluster, Services = [.. summary.Services.Select(s => s.Service)], Include = ["TAGS"] }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            notes.Add($"could not read the services' ECS events and records ({exception.ErrorCode}; needs ecs:DescribeServices): no last action");
            return ([], []);
        }

        var described = response.Services ?? [];
        var events = new List<ServiceEventReport>();
        var observations = new List<ServiceObservation>();
        foreach (var service in summary.Services)
        {
            var ecs = described.FirstOrDefault(d => d.ServiceName == service.Service);
            var newest = ecs?.Events?.Where(e => e.Message is not null).OrderByDescending(e => e.CreatedAt).FirstOrDefault();
            var newestAt = ToOffset(newest?.CreatedAt);
            if (newest is not null)
            {
                events.Add(new ServiceEventReport(service.Service, newestAt, newest.Message!));
            }

            var tags = (ecs?.Tags ?? []).Where(t => t.Key is not null).ToDictionary(t => t.Key!, t => t.Value ?? string.Empty, StringComparer.Ordinal);
            var primary = ecs?.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY");
            observations.Add(new ServiceObservation(
                service.Service, service.DesiredAfter, service.RunningCount, RestoreRecord.FromTags(tags), primary?.RolloutState, primary?.RolloutStateReason, newestAt));
        }

        return (events, observations);
    }

    private static DateTimeOffset? ToOffset(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
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
