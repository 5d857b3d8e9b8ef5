using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Puts the backend to sleep: workers first (jobs then wait in Redis), ClickHouse once no worker runs.
/// Per service: restore record written before anything changes, scalable target minimum to 0 with scale-out and scheduled scaling suspended, desired count 0.</summary>
public sealed class SleepBackend(BackendTopology topology, SchedulingPorts ports, WaitSettings wait)
{
    private readonly IEcsServicePort ecs = ports.Ecs;
    private readonly IScalableTargetPort scalableTargets = ports.ScalableTargets;
    private readonly TimeProvider time = ports.Time;

    private const string StageReading = "read backend";
    private const string StageWorkers = "stop workers";
    private const string StageWorkersStopped = "wait for workers to stop";
    private const string StageClickHouse = "stop ClickHouse";

    public async Task<ScalerSummary> ExecuteAsync(SleepOptions options, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var stage = StageReading;
        try
        {
            var snapshot = await BackendSnapshot.ReadAsync(topology, ecs, scalableTargets, cancellationToken).ConfigureAwait(false);
            var warnings = new List<string>();
            var keepAwake = KeepAwakeOverride.FromTags(snapshot.ClickHouse.Tags);
            var overrides = keepAwake is null ? null : new OverrideSummary(keepAwake.Until, keepAwake.Reason, keepAwake.IsActiveAt(startedAt), [], false, "UTC");
            if (keepAwake is not null && keepAwake.IsActiveAt(startedAt) && !options.Force && keepAwake.Until != options.EndsKeepAwake)
            {
                return new ScalerSummary
                {
                    Action = "sleep",
                    Outcome = ScalerOutcome.Skipped,
                    DryRun = options.DryRun,
                    Reason = options.Reason,
                    SkipReason = $"keep-awake override active until {keepAwake.Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" + (keepAwake.Reason is null ? "" : $" ({keepAwake.Reason})") + "; send force: true to sleep anyway",
                    StartedAt = startedAt,
                    FinishedAt = time.GetUtcNow(),
                    Services = [.. snapshot.Workers.Select(Unchanged(ServiceRole.Worker, snapshot)), Unchanged(ServiceRole.ClickHouse, snapshot)(snapshot.ClickHouse)],
                    Overrides = overrides,
                };
            }

            var workerPlans = snapshot.Workers.Select(worker => Plan(worker, ServiceRole.Worker, snapshot, startedAt, warnings)).ToList();
            var clickHousePlan = Plan(snapshot.ClickHouse, ServiceRole.ClickHouse, snapshot, startedAt, warnings);
            if (keepAwake is not null && !keepAwake.IsActiveAt(startedAt))
            {
                warnings.Add($"expired keep-awake override (until {keepAwake.Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}) cleared");
            }

            if (options.DryRun)
            {
                return Summary(options, ScalerOutcome.Planned, startedAt, TimeSpan.Zero, [.. workerPlans, clickHousePlan], TimeSpan.Zero, warnings, overrides);
            }

            stage = StageWorkers;
            foreach (var plan in workerPlans)
            {
                await ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
            }

            var workersWaited = TimeSpan.Zero;
            if (options.WaitForWorkersToStop && workerPlans.Count > 0)
            {
                stage = StageWorkersStopped;
                var waiter = new ServiceWaiter(ecs, ports.Health, time, wait);
                workersWaited = await waiter.WaitForServicesAsync(
                    topology.Cluster, [.. workerPlans.Select(plan => plan.Service.ServiceName)], ServiceSteadiness.IsStopped, cancellationToken).ConfigureAwait(false);
            }

            stage = StageClickHouse;
            await ApplyAsync(clickHousePlan, cancellationToken).ConfigureAwait(false);
            if (keepAwake is not null)
            {
                // Reached only when the override expired, the sleep was forced, or it is the override this sleep ends: it no longer applies.
                await ecs.UntagServiceAsync(snapshot.ClickHouse.ServiceArn, KeepAwakeOverride.AllTagKeys, cancellationToken).ConfigureAwait(false);
            }

            return Summary(options, ScalerOutcome.Completed, startedAt, time.GetElapsedTime(started), [.. workerPlans, clickHousePlan], workersWaited, warnings, overrides);
        }
        catch (OperationCanceledException canceled)
        {
            throw new BackendSleepTimeoutException(stage, $"{WakeBackend.TimeoutCause(canceled)}; ClickHouse is stopped only after the workers", time.GetElapsedTime(started));
        }
    }

    private sealed record ServicePlan(
        EcsServiceState Service,
        string Role,
        RestoreRecord? ExistingRecord,
        RestoreRecord? Record,
        CapacityRange? CapacityBefore,
        CapacityRange? CapacityAfter,
        string ResourceId);

    private ServicePlan Plan(EcsServiceState service, string role, BackendSnapshot snapshot, DateTimeOffset now, List<string> warnings)
    {
        var existing = RestoreRecord.FromTags(service.Tags);
        var capacity = snapshot.CapacityOf(topology, service);
        var record = RestoreRecordRule.ForSleep(existing, service.DesiredCount, capacity, now, topology.DefaultDesiredCount);
        if (role == ServiceRole.ClickHouse && record is { DesiredCount: > 1 })
        {
            warnings.Add($"ClickHouse service {service.ServiceName} had desired count {record.DesiredCount}; recorded 1 because ClickHouse must never run two tasks on one EFS directory");
            record = record with { DesiredCount = 1 };
        }

        // Minimum 0 so auto scaling cannot undo the 0; scale-out and scheduled actions suspended so no policy or scheduled action starts tasks at night.
        var asleep = capacity is null ? null : capacity with { MinCapacity = 0, Suspended = ScalingSuspension.ForSleep(capacity.Suspended) };
        var capacityAfter = asleep == capacity ? null : asleep;
        return new ServicePlan(service, role, existing, record, capacity, capacityAfter, topology.ScalableResourceId(service.ServiceName));
    }

    /// <summary>Record first, so a failure later in the sleep never loses the count; then the minimum, so auto scaling cannot undo the 0.</summary>
    private async Task ApplyAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        if (plan.Record is not null && plan.Record != plan.ExistingRecord)
        {
            await ecs.TagServiceAsync(plan.Service.ServiceArn, plan.Record.ToTags(), cancellationToken).ConfigureAwait(false);
            var stale = plan.Record.StaleTagKeys(plan.Service.Tags);
            if (stale.Count > 0)
            {
                await ecs.UntagServiceAsync(plan.Service.ServiceArn, stale, cancellationToken).ConfigureAwait(false);
            }
        }

        if (plan.CapacityAfter is not null)
        {
            await scalableTargets.SetCapacityAsync(plan.ResourceId, plan.CapacityAfter, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Service.DesiredCount != 0)
        {
            await ecs.UpdateServiceAsync(topology.Cluster, plan.Service.ServiceName, new EcsServiceUpdate(DesiredCount: 0), cancellationToken).ConfigureAwait(false);
        }
    }

    private Func<EcsServiceState, ServiceSummary> Unchanged(string role, BackendSnapshot snapshot) =>
        service => ServiceSummary.Unchanged(service, role, snapshot.CapacityOf(topology, service));

    private ScalerSummary Summary(
        SleepOptions options, string outcome, DateTimeOffset startedAt, TimeSpan elapsed, IReadOnlyList<ServicePlan> plans, TimeSpan workersWaited, List<string> warnings, OverrideSummary? overrides) => new()
    {
        Action = "sleep",
        Outcome = outcome,
        DryRun = options.DryRun,
        Reason = options.Reason,
        StartedAt = startedAt,
        FinishedAt = startedAt + elapsed,
        SecondsWaited = Math.Round(workersWaited.TotalSeconds, 3),
        Services = [.. plans.Select(plan => new ServiceSummary
        {
            Service = plan.Service.ServiceName,
            Role = plan.Role,
            DesiredBefore = plan.Service.DesiredCount,
            DesiredAfter = 0,
            RunningCount = plan.Service.RunningCount,
            PendingCount = plan.Service.PendingCount,
            RestoreCountRecorded = plan.Record?.DesiredCount,
            RecordedCapacity = plan.Record?.Capacity,
            CapacityBefore = plan.CapacityBefore,
            CapacityAfter = plan.CapacityAfter ?? plan.CapacityBefore,
            SecondsWaited = plan.Role == ServiceRole.Worker ? Math.Round(workersWaited.TotalSeconds, 3) : 0,
        })],
        Overrides = overrides,
        Warnings = warnings,
    };
}
