using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Wakes the backend: ClickHouse first, pinned to its EFS AZ with at most one task, steady and healthy; only then the workers.
/// Every check that can refuse runs before the first change, so a refused wake changes nothing and starts no worker.
/// The one implementation of "start the v3 backend": the scheduled wake and the migration's Backend phase both call it.</summary>
public sealed class WakeBackend(BackendTopology topology, SchedulingPorts ports, WaitSettings wait)
{
    private readonly IEcsServicePort ecs = ports.Ecs;
    private readonly IScalableTargetPort scalableTargets = ports.ScalableTargets;
    private readonly TimeProvider time = ports.Time;
    private readonly ITaskDefinitionPort? taskDefinitions = ports.TaskDefinitions;

    /// <summary>Maximum 100 %, minimum 0 %: a deployment stops the old ClickHouse task before it starts the new one, so two never share the EFS directory.</summary>
    public static DeploymentLimits ClickHouseDeploymentLimits { get; } = new(100, 0);

    // The release of what this wake wrote must run after the wake's own deadline token fired, so it gets a short token of its own.
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(10);

    public async Task<ScalerSummary> ExecuteAsync(WakeOptions options, CancellationToken cancellationToken)
    {
        var progress = new WakeProgress();
        try
        {
            return await ExecuteAsync(options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (progress.KeepAwakeWrittenOn is { } clickHouse)
        {
            // A failed wake must not keep the backend from its scheduled sleep: the override goes back to what it was.
            await RestoreKeepAwakeAsync(clickHouse).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ScalerSummary> ExecuteAsync(WakeOptions options, WakeProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.WorkerEnvironment is { Count: > 0 } && taskDefinitions is null)
        {
            throw new WorkerEnvironmentOverrideUnavailableException();
        }

        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var stage = WakeStage.ReadBackend;
        try
        {
            var snapshot = await BackendSnapshot.ReadAsync(topology, ecs, scalableTargets, cancellationToken).ConfigureAwait(false);
            var placement = await ReadPlacementAsync(snapshot.ClickHouse, cancellationToken).ConfigureAwait(false);
            var clickHouse = PlanClickHouse(snapshot, placement);
            var workers = options.StartWorkers ? snapshot.Workers.Select(worker => PlanWorker(worker, snapshot)).ToList() : [];
            var keepAwakeTags = KeepAwakeTags(snapshot.ClickHouse, options.KeepAwake);
            var placementSummary = placement.ToSummary(topology.ClickHouseFileSystemId);

            if (options.DryRun)
            {
                return Summary(options, ScalerOutcome.Planned, startedAt, TimeSpan.Zero, clickHouse, workers, placementSummary);
            }

            if (options.BeforeFirstChange is { } beforeFirstChange)
            {
                await beforeFirstChange(cancellationToken).ConfigureAwait(false);
            }

            stage = WakeStage.StartClickHouse;
            if (keepAwakeTags is not null)
            {
                await ecs.TagServiceAsync(snapshot.ClickHouse.ServiceArn, keepAwakeTags, cancellationToken).ConfigureAwait(false);
                progress.KeepAwakeWrittenOn = snapshot.ClickHouse;
            }

            await StartAsync(clickHouse, cancellationToken).ConfigureAwait(false);

            var waiter = new ServiceWaiter(ecs, ports.Health, time, wait);
            stage = WakeStage.ClickHouseSteady;
            clickHouse.Waited += await waiter.WaitForServicesAsync(
                topology.Cluster, [clickHouse.Service.ServiceName], service => ServiceSteadiness.IsSteadyAt(service, clickHouse.DesiredAfter), cancellationToken,
                _ => clickHouse.Requested).ConfigureAwait(false);
            if (topology.ClickHouseHealthUrl is { } clickHouseHealth)
            {
                stage = WakeStage.ClickHouseHealth;
                clickHouse.Waited += await waiter.WaitForHealthAsync(clickHouseHealth, cancellationToken).ConfigureAwait(false);
            }

            await ForgetRecordAsync(clickHouse, cancellationToken).ConfigureAwait(false);

            if (workers.Count > 0)
            {
                stage = WakeStage.StartWorkers;
                foreach (var worker in workers)
                {
                    if (options.WorkerEnvironment is { Count: > 0 } environment && worker.Service.TaskDefinitionArn is { } taskDefinition)
                    {
                        var revision = await taskDefinitions!.RegisterWithEnvironmentAsync(taskDefinition, environment, cancellationToken).ConfigureAwait(false);
                        if (revision != taskDefinition)
                        {
                            worker.Update = worker.Update with { TaskDefinitionArn = revision };
                        }
                    }

                    await StartAsync(worker, cancellationToken).ConfigureAwait(false);
                }

                if (options.WaitForWorkers)
                {
                    stage = WakeStage.WorkersSteady;
                    var waited = await waiter.WaitForServicesAsync(
                        topology.Cluster,
                        [.. workers.Select(worker => worker.Service.ServiceName)],
                        service => ServiceSteadiness.IsSteadyAt(service, workers.First(worker => worker.Service.ServiceName == service.ServiceName).DesiredAfter),
                        cancellationToken,
                        service => workers.First(worker => worker.Service.ServiceName == service.ServiceName).Requested).ConfigureAwait(false);
                    if (topology.WorkerHealthUrl is { } workerHealth)
                    {
                        stage = WakeStage.WorkerHealth;
                        waited += await waiter.WaitForHealthAsync(workerHealth, cancellationToken).ConfigureAwait(false);
                    }

                    workers.ForEach(worker => worker.Waited = waited);
                }

                foreach (var worker in workers)
                {
                    await ForgetRecordAsync(worker, cancellationToken).ConfigureAwait(false);
                }
            }

            return Summary(options, ScalerOutcome.Completed, startedAt, time.GetElapsedTime(started), clickHouse, workers, placementSummary);
        }
        catch (OperationCanceledException canceled)
        {
            var detail = stage is WakeStage.ReadBackend or WakeStage.StartClickHouse or WakeStage.ClickHouseSteady or WakeStage.ClickHouseHealth
                ? "no worker was started"
                : "ClickHouse is up; workers may still be starting";
            throw new BackendWakeTimeoutException(stage, $"{TimeoutCause(canceled)}; {detail}", time.GetElapsedTime(started));
        }
    }

    private sealed class WakeProgress
    {
        public EcsServiceState? KeepAwakeWrittenOn { get; set; }
    }

    private async Task RestoreKeepAwakeAsync(EcsServiceState before)
    {
        using var timeout = new CancellationTokenSource(UndoTimeout, time);
        try
        {
            var restore = KeepAwakeOverride.AllTagKeys.Where(before.Tags.ContainsKey).ToDictionary(key => key, key => before.Tags[key]);
            var remove = KeepAwakeOverride.AllTagKeys.Where(key => !before.Tags.ContainsKey(key)).ToList();
            if (restore.Count > 0)
            {
                await ecs.TagServiceAsync(before.ServiceArn, restore, timeout.Token).ConfigureAwait(false);
            }

            if (remove.Count > 0)
            {
                await ecs.UntagServiceAsync(before.ServiceArn, remove, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The wake's own error is what the caller must see; an override left behind only delays sleeps until it expires.
        }
    }

    internal static string TimeoutCause(OperationCanceledException canceled) =>
        canceled is WaitStageExpiredException expired ? $"the stage {expired.Message}" : "the invocation deadline passed";

    private sealed class ServicePlan(EcsServiceState service, string role)
    {
        public EcsServiceState Service { get; } = service;
        public string Role { get; } = role;
        public RestoreRecord? Record { get; init; }
        public int DesiredAfter { get; init; }
        public string RestoreSource { get; init; } = "current";
        public CapacityRange? CapacityBefore { get; init; }
        public CapacityRange? CapacityAfter { get; init; }
        public EcsServiceUpdate Update { get; set; } = new();
        public TimeSpan Waited { get; set; }

        /// <summary>The revision and network the service runs once this plan's update is applied.</summary>
        public RequestedDeployment Requested => new(Update.TaskDefinitionArn ?? Service.TaskDefinitionArn, Update.Network ?? Service.Network);
    }

    private async Task<ClickHousePlacement> ReadPlacementAsync(EcsServiceState clickHouse, CancellationToken cancellationToken)
    {
        var placement = await ClickHousePlacement.ReadAsync(topology.ClickHouseFileSystemId, clickHouse, ports.FileSystems, ports.Subnets, cancellationToken).ConfigureAwait(false);
        if (placement.NoSubnetFits)
        {
            throw new ClickHouseAvailabilityZoneMismatchException(clickHouse.ServiceName, placement.AllowedZonesForDisplay, clickHouse.Network?.Subnets ?? []);
        }

        return placement;
    }

    private ServicePlan PlanClickHouse(BackendSnapshot snapshot, ClickHousePlacement placement)
    {
        var service = snapshot.ClickHouse;
        if (service.DesiredCount > 1)
        {
            throw new ClickHouseTaskLimitExceededException(service.ServiceName, $"its desired count is {service.DesiredCount}");
        }

        var record = RestoreRecord.FromTags(service.Tags);
        if (record is { DesiredCount: > 1 })
        {
            throw new ClickHouseTaskLimitExceededException(service.ServiceName, $"its restore record (tag {RestoreRecord.DesiredCountTag}) asks for {record.DesiredCount} tasks");
        }

        var plan = PlanService(service, ServiceRole.ClickHouse, record, snapshot);
        if (plan.CapacityAfter is { MaxCapacity: > 1 } || (plan.CapacityAfter is null && plan.CapacityBefore is { MaxCapacity: > 1 }))
        {
            var maximum = (plan.CapacityAfter ?? plan.CapacityBefore)!.MaxCapacity;
            throw new ClickHouseTaskLimitExceededException(service.ServiceName, $"its Application Auto Scaling target allows {maximum} tasks");
        }

        var network = placement.NeedsSubnetChange && service.Network is { } current
            ? current with { Subnets = placement.InZoneSubnets }
            : null;
        var limits = service.DeploymentLimits == ClickHouseDeploymentLimits ? null : ClickHouseDeploymentLimits;
        plan.Update = new EcsServiceUpdate(
            DesiredCount: plan.DesiredAfter != service.DesiredCount ? plan.DesiredAfter : null,
            Network: network,
            DeploymentLimits: limits);
        return plan;
    }

    private ServicePlan PlanWorker(EcsServiceState worker, BackendSnapshot snapshot)
    {
        var plan = PlanService(worker, ServiceRole.Worker, RestoreRecord.FromTags(worker.Tags), snapshot);
        plan.Update = new EcsServiceUpdate(DesiredCount: plan.DesiredAfter != worker.DesiredCount ? plan.DesiredAfter : null);
        return plan;
    }

    private ServicePlan PlanService(EcsServiceState service, string role, RestoreRecord? record, BackendSnapshot snapshot)
    {
        var capacity = snapshot.CapacityOf(topology, service);
        var capacityAfter = RestoreRecordRule.CapacityForWake(record, capacity);
        var desired = RestoreRecordRule.DesiredForWake(record, service.DesiredCount, topology.DefaultDesiredCount, capacityAfter ?? capacity);
        return new ServicePlan(service, role)
        {
            Record = record,
            DesiredAfter = desired,
            RestoreSource = record is { DesiredCount: > 0 } ? "record" : service.DesiredCount > 0 ? "current" : "default",
            CapacityBefore = capacity,
            CapacityAfter = capacityAfter,
        };
    }

    private static IReadOnlyDictionary<string, string>? KeepAwakeTags(EcsServiceState clickHouse, KeepAwakeRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        var existing = KeepAwakeOverride.FromTags(clickHouse.Tags);
        if (request.ExtendOnly && existing is not null && existing.Until >= request.Until)
        {
            return null;
        }

        return new KeepAwakeOverride(request.Until, request.Reason).ToTags();
    }

    /// <summary>Desired count before the scalable target's minimum: restoring the minimum first would let auto scaling start tasks on its own schedule.</summary>
    private async Task StartAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        if (!plan.Update.IsEmpty)
        {
            await ecs.UpdateServiceAsync(topology.Cluster, plan.Service.ServiceName, plan.Update, cancellationToken).ConfigureAwait(false);
        }

        if (plan.CapacityAfter is not null)
        {
            await scalableTargets.SetCapacityAsync(topology.ScalableResourceId(plan.Service.ServiceName), plan.CapacityAfter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The record is consumed only once the service runs again; a wake that fails earlier leaves it for the next attempt.</summary>
    private async Task ForgetRecordAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        var present = RestoreRecord.AllTagKeys.Where(plan.Service.Tags.ContainsKey).ToList();
        if (present.Count > 0)
        {
            await ecs.UntagServiceAsync(plan.Service.ServiceArn, present, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ScalerSummary Summary(
        WakeOptions options, string outcome, DateTimeOffset startedAt, TimeSpan elapsed, ServicePlan clickHouse, IReadOnlyList<ServicePlan> workers, PlacementSummary placement) => new()
    {
        Action = "wake",
        Outcome = outcome,
        DryRun = options.DryRun,
        Reason = options.Reason,
        StartedAt = startedAt,
        FinishedAt = startedAt + elapsed,
        SecondsWaited = Math.Round((clickHouse.Waited + (workers.Count > 0 ? workers[0].Waited : TimeSpan.Zero)).TotalSeconds, 3),
        Services = [ToSummary(clickHouse), .. workers.Select(ToSummary)],
        ClickHousePlacement = placement,
    };

    private static ServiceSummary ToSummary(ServicePlan plan) => ServiceSummary.Unchanged(plan.Service, plan.Role, plan.CapacityBefore) with
    {
        DesiredAfter = plan.DesiredAfter,
        RestoreCountRecorded = plan.Record?.DesiredCount,
        RecordedCapacity = plan.Record?.Capacity,
        AsleepSince = plan.Record is { } record && record.RecordedAt != DateTimeOffset.MinValue && plan.Service.DesiredCount == 0 ? record.RecordedAt : null,
        RestoreCountUsed = plan.DesiredAfter,
        RestoreSource = plan.RestoreSource,
        CapacityAfter = plan.CapacityAfter ?? plan.CapacityBefore,
        SubnetsBefore = plan.Service.Network?.Subnets,
        SubnetsAfter = plan.Update.Network?.Subnets ?? plan.Service.Network?.Subnets,
        SubnetsChanged = plan.Update.Network is not null,
        DeploymentLimitsBefore = plan.Service.DeploymentLimits,
        DeploymentLimitsAfter = plan.Update.DeploymentLimits ?? plan.Service.DeploymentLimits,
        TaskDefinitionAfter = plan.Update.TaskDefinitionArn ?? plan.Service.TaskDefinitionArn,
        SecondsWaited = Math.Round(plan.Waited.TotalSeconds, 3),
    };
}
