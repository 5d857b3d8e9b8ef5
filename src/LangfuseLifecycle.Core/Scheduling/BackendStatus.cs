using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Reports, per service, desired/running counts and restore records; the ClickHouse AZ-pin check; and the active overrides. Changes nothing.</summary>
public sealed class BackendStatus(BackendTopology topology, ScalerSettings settings, SchedulingPorts ports)
{
    private readonly TimeProvider time = ports.Time;

    public async Task<ScalerSummary> ExecuteAsync(string? reason, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var snapshot = await BackendSnapshot.ReadAsync(topology, ports.Ecs, ports.ScalableTargets, cancellationToken).ConfigureAwait(false);
        var placement = await ClickHousePlacement.ReadAsync(topology.ClickHouseFileSystemId, snapshot.ClickHouse, ports.FileSystems, ports.Subnets, cancellationToken).ConfigureAwait(false);
        var pending = ports.Schedules is not { } schedules ? [] : await schedules.ListAsync(settings.OneTimeScheduleNamePrefix, cancellationToken).ConfigureAwait(false);
        var keepAwake = KeepAwakeOverride.FromTags(snapshot.ClickHouse.Tags);

        var warnings = new List<string>();
        if (placement.NoSubnetFits)
        {
            warnings.Add($"ClickHouse has no subnet in {string.Join(" or ", placement.AllowedZonesForDisplay)}: a wake would be refused");
        }
        else if (placement.NeedsSubnetChange)
        {
            warnings.Add($"ClickHouse subnets {string.Join(", ", placement.OutOfZoneSubnets)} are outside the file system's AZ: the next wake removes them");
        }

        if (snapshot.ClickHouse.DesiredCount > 1)
        {
            warnings.Add($"ClickHouse desired count is {snapshot.ClickHouse.DesiredCount}: two tasks on one EFS directory corrupt it");
        }

        if (snapshot.ClickHouse.DeploymentLimits is { } limits && limits != WakeBackend.ClickHouseDeploymentLimits)
        {
            warnings.Add($"ClickHouse deployment limits are maximum {limits.MaximumPercent} % / minimum {limits.MinimumHealthyPercent} %: the next wake sets 100 % / 0 %");
        }

        return new ScalerSummary
        {
            Action = "status",
            Outcome = ScalerOutcome.Reported,
            Reason = reason,
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
            Services = [Describe(snapshot.ClickHouse, ServiceRole.ClickHouse, snapshot), .. snapshot.Workers.Select(worker => Describe(worker, ServiceRole.Worker, snapshot))],
            ClickHousePlacement = placement.ToSummary(topology.ClickHouseFileSystemId),
            Overrides = new OverrideSummary(
                keepAwake?.Until,
                keepAwake?.Reason,
                keepAwake?.IsActiveAt(startedAt) ?? false,
                pending,
                settings.Holidays.IsHoliday(startedAt, settings.TimeZone),
                settings.TimeZone.Id),
            Warnings = warnings,
        };
    }

    private ServiceSummary Describe(EcsServiceState service, string role, BackendSnapshot snapshot)
    {
        return ServiceSummary.Unchanged(service, role, snapshot.CapacityOf(topology, service)) with
        {
            RecordedCapacity = RestoreRecord.FromTags(service.Tags)?.Capacity,
            SubnetsBefore = service.Network?.Subnets,
            SubnetsAfter = service.Network?.Subnets,
            DeploymentLimitsBefore = service.DeploymentLimits,
            DeploymentLimitsAfter = service.DeploymentLimits,
            TaskDefinitionAfter = service.TaskDefinitionArn,
            Steady = ServiceSteadiness.IsSteadyAt(service, service.DesiredCount),
        };
    }
}
