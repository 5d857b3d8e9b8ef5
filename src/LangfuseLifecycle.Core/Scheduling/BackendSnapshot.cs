using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>The backend as read at the start of an action: two calls (DescribeServices, DescribeScalableTargets) for all services.</summary>
internal sealed record BackendSnapshot(EcsServiceState ClickHouse, IReadOnlyList<EcsServiceState> Workers, IReadOnlyDictionary<string, CapacityRange> Capacities)
{
    public static async Task<BackendSnapshot> ReadAsync(
        BackendTopology topology, IEcsServicePort ecs, IScalableTargetPort targets, CancellationToken cancellationToken)
    {
        var names = topology.AllServiceNames;
        var servicesTask = ecs.DescribeServicesAsync(topology.Cluster, names, cancellationToken);
        var capacitiesTask = targets.DescribeAsync([.. names.Select(topology.ScalableResourceId)], cancellationToken);
        var services = await servicesTask.ConfigureAwait(false);
        var capacities = await capacitiesTask.ConfigureAwait(false);

        var byName = services.Where(service => service.Status == "ACTIVE").ToDictionary(service => service.ServiceName);
        var missing = names.Where(name => !byName.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new BackendServiceNotFoundException(topology.Cluster, missing);
        }

        return new BackendSnapshot(byName[names[0]], [.. names.Skip(1).Select(name => byName[name])], capacities);
    }

    public CapacityRange? CapacityOf(BackendTopology topology, EcsServiceState service) =>
        Capacities.GetValueOrDefault(topology.ScalableResourceId(service.ServiceName));
}
