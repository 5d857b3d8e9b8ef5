namespace LangfuseLifecycle.Core.Scheduling.Ports;

public sealed record CapacityRange(int MinCapacity, int MaxCapacity);

/// <summary>Application Auto Scaling targets of ECS services (dimension ecs:service:DesiredCount), keyed by resource id "service/cluster/service".</summary>
public interface IScalableTargetPort
{
    /// <summary>Returns the registered targets among <paramref name="resourceIds"/>; services without a target are absent.</summary>
    Task<IReadOnlyDictionary<string, CapacityRange>> DescribeAsync(IReadOnlyList<string> resourceIds, CancellationToken cancellationToken);

    Task SetCapacityAsync(string resourceId, CapacityRange capacity, CancellationToken cancellationToken);
}
