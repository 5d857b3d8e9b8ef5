using System.Collections.Concurrent;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using Task = System.Threading.Tasks.Task;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>ECS services for the scheduler: DescribeServices (with tags), UpdateService, TagResource, UntagResource.</summary>
public sealed class EcsServiceAdapter(IAmazonECS ecs) : IEcsServicePort
{
    private const string Enabled = "ENABLED";
    private const string Disabled = "DISABLED";

    // UpdateService replaces the whole deploymentConfiguration: send back everything last read (circuit breaker, alarms,
    // strategy, bake time, hooks) so changing the two percentages changes nothing else the user set.
    private readonly ConcurrentDictionary<string, DeploymentConfiguration> lastDeploymentConfiguration = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<EcsServiceState>> DescribeServicesAsync(string cluster, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        DescribeServicesResponse response;
        try
        {
            response = await ecs.DescribeServicesAsync(
                new DescribeServicesRequest { Cluster = cluster, Services = [.. services], Include = ["TAGS"] }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.IsNotFound)
        {
            // ClusterNotFoundException: every service is missing; the use case names them.
            return [];
        }

        var states = new List<EcsServiceState>();
        foreach (var service in response.Services ?? [])
        {
            var name = service.ServiceName ?? string.Empty;
            if (service.DeploymentConfiguration is not null)
            {
                lastDeploymentConfiguration[name] = service.DeploymentConfiguration;
            }

            states.Add(ToState(service));
        }

        return states;
    }

    public async Task UpdateServiceAsync(string cluster, string service, EcsServiceUpdate update, CancellationToken cancellationToken)
    {
        var request = new UpdateServiceRequest
        {
            Cluster = cluster,
            Service = service,
            DesiredCount = update.DesiredCount,
            TaskDefinition = update.TaskDefinitionArn,
        };
        if (update.Network is { } network)
        {
            request.NetworkConfiguration = new NetworkConfiguration
            {
                AwsvpcConfiguration = new AwsVpcConfiguration
                {
                    Subnets = [.. network.Subnets],
                    SecurityGroups = [.. network.SecurityGroups],
                    AssignPublicIp = network.AssignPublicIp ? Enabled : Disabled,
                },
            };
        }

        if (update.DeploymentLimits is { } limits)
        {
            var current = lastDeploymentConfiguration.GetValueOrDefault(service);
            request.DeploymentConfiguration = new DeploymentConfiguration
            {
                DeploymentCircuitBreaker = current?.DeploymentCircuitBreaker,
                Alarms = current?.Alarms,
                Strategy = current?.Strategy,
                BakeTimeInMinutes = current?.BakeTimeInMinutes,
                LifecycleHooks = current?.LifecycleHooks,
                LinearConfiguration = current?.LinearConfiguration,
                CanaryConfiguration = current?.CanaryConfiguration,
                MaximumPercent = limits.MaximumPercent,
                MinimumHealthyPercent = limits.MinimumHealthyPercent,
            };
        }

        await ecs.UpdateServiceAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task TagServiceAsync(string serviceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        await ecs.TagResourceAsync(
            new TagResourceRequest { ResourceArn = serviceArn, Tags = [.. tags.Select(tag => new Tag { Key = tag.Key, Value = tag.Value })] },
            cancellationToken).ConfigureAwait(false);

    public async Task UntagServiceAsync(string serviceArn, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken) =>
        await ecs.UntagResourceAsync(new UntagResourceRequest { ResourceArn = serviceArn, TagKeys = [.. tagKeys] }, cancellationToken).ConfigureAwait(false);

    private static AwsVpcPlacement? Placement(AwsVpcConfiguration? vpc) =>
        vpc is null ? null : new AwsVpcPlacement(vpc.Subnets ?? [], vpc.SecurityGroups ?? [], string.Equals(vpc.AssignPublicIp, Enabled, StringComparison.Ordinal));

    private static EcsServiceState ToState(Service service)
    {
        var vpc = service.NetworkConfiguration?.AwsvpcConfiguration;
        var deployment = service.DeploymentConfiguration;
        return new EcsServiceState(
            service.ServiceName ?? string.Empty,
            service.ServiceArn ?? string.Empty,
            service.Status ?? "UNKNOWN",
            service.DesiredCount ?? 0,
            service.RunningCount ?? 0,
            service.PendingCount ?? 0,
            service.TaskDefinition,
            [.. (service.Deployments ?? []).Select(item => new DeploymentState(
                item.Status ?? "UNKNOWN", item.RolloutState, item.DesiredCount ?? 0, item.RunningCount ?? 0, item.RolloutStateReason,
                item.TaskDefinition, Placement(item.NetworkConfiguration?.AwsvpcConfiguration)))],
            Placement(vpc),
            deployment?.MaximumPercent is { } maximum && deployment.MinimumHealthyPercent is { } minimum ? new DeploymentLimits(maximum, minimum) : null,
            (service.Tags ?? []).Where(tag => tag.Key is not null).GroupBy(tag => tag.Key!).ToDictionary(group => group.Key, group => group.Last().Value ?? string.Empty));
    }
}
