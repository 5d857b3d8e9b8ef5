namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>A scalable target's range and what Application Auto Scaling holds back on it.</summary>
/// <param name="Suspended">The suspended scaling activities; null when none is suspended.</param>
public sealed record CapacityRange(int MinCapacity, int MaxCapacity, ScalingSuspension? Suspended = null);

/// <summary>Application Auto Scaling's <c>SuspendedState</c> of a target.</summary>
public sealed record ScalingSuspension(bool DynamicScalingInSuspended, bool DynamicScalingOutSuspended, bool ScheduledScalingSuspended)
{
    /// <summary>What a sleep adds: no scheduled action and no scale-out policy may start tasks at night. Scale-in stays as the user had it.</summary>
    public static ScalingSuspension? ForSleep(ScalingSuspension? before) =>
        new(before?.DynamicScalingInSuspended ?? false, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true);

    /// <summary>null when nothing is suspended, so a target in its default state compares equal to one read without suspension.</summary>
    public static ScalingSuspension? Of(bool dynamicIn, bool dynamicOut, bool scheduled) =>
        dynamicIn || dynamicOut || scheduled ? new ScalingSuspension(dynamicIn, dynamicOut, scheduled) : null;
}

/// <summary>Application Auto Scaling targets of ECS services (dimension ecs:service:DesiredCount), keyed by resource id "service/cluster/service".</summary>
public interface IScalableTargetPort
{
    /// <summary>Returns the registered targets among <paramref name="resourceIds"/>; services without a target are absent.</summary>
    Task<IReadOnlyDictionary<string, CapacityRange>> DescribeAsync(IReadOnlyList<string> resourceIds, CancellationToken cancellationToken);

    /// <summary>Sets the range and the suspended state (null: nothing suspended) of an existing target.</summary>
    Task SetCapacityAsync(string resourceId, CapacityRange capacity, CancellationToken cancellationToken);
}
