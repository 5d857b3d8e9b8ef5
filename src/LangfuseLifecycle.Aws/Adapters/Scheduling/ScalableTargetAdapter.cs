using LangfuseLifecycle.Aws.ApplicationAutoScaling;
using LangfuseLifecycle.Aws.ApplicationAutoScaling.Model;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>Application Auto Scaling targets of ECS services (namespace ecs, dimension ecs:service:DesiredCount).</summary>
public sealed class ScalableTargetAdapter(IAmazonApplicationAutoScaling autoScaling) : IScalableTargetPort
{
    private const string Namespace = "ecs";
    private const string Dimension = "ecs:service:DesiredCount";

    public async Task<IReadOnlyDictionary<string, CapacityRange>> DescribeAsync(IReadOnlyList<string> resourceIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CapacityRange>(StringComparer.Ordinal);
        var targets = AwsPaginator.PaginateAsync(
            (nextToken, token) => autoScaling.DescribeScalableTargetsAsync(
                new DescribeScalableTargetsRequest { ServiceNamespace = Namespace, ScalableDimension = Dimension, ResourceIds = [.. resourceIds], NextToken = nextToken },
                token),
            page => page.ScalableTargets,
            page => page.NextToken,
            cancellationToken);
        await foreach (var target in targets.ConfigureAwait(false))
        {
            if (target.ResourceId is { } id && target.MinCapacity is { } min && target.MaxCapacity is { } max)
            {
                var suspended = target.SuspendedState;
                found[id] = new CapacityRange(
                    min,
                    max,
                    ScalingSuspension.Of(suspended?.DynamicScalingInSuspended ?? false, suspended?.DynamicScalingOutSuspended ?? false, suspended?.ScheduledScalingSuspended ?? false));
            }
        }

        return found;
    }

    /// <summary>RegisterScalableTarget on an existing target updates only what is given; its policies and role stay. SuspendedState is
    /// always sent in full, so a wake that restores "nothing suspended" resumes the scaling a sleep suspended.</summary>
    public async Task SetCapacityAsync(string resourceId, CapacityRange capacity, CancellationToken cancellationToken) =>
        await autoScaling.RegisterScalableTargetAsync(
            new RegisterScalableTargetRequest
            {
                ServiceNamespace = Namespace,
                ScalableDimension = Dimension,
                ResourceId = resourceId,
                MinCapacity = capacity.MinCapacity,
                MaxCapacity = capacity.MaxCapacity,
                SuspendedState = new SuspendedState
                {
                    DynamicScalingInSuspended = capacity.Suspended?.DynamicScalingInSuspended ?? false,
                    DynamicScalingOutSuspended = capacity.Suspended?.DynamicScalingOutSuspended ?? false,
                    ScheduledScalingSuspended = capacity.Suspended?.ScheduledScalingSuspended ?? false,
                },
            },
            cancellationToken).ConfigureAwait(false);
}
