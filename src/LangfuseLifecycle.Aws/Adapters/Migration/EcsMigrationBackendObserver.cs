using LangfuseLifecycle.Aws.EC2;
using LangfuseLifecycle.Aws.EC2.Model;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using Task = System.Threading.Tasks.Task;
using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Aws.ElasticFileSystem.Model;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>Reads the v3 backend for preflight from ECS, EFS and EC2 (describe calls only).</summary>
public sealed class EcsMigrationBackendObserver(IAmazonECS ecs, IAmazonElasticFileSystem efs, IAmazonEC2 ec2) : IMigrationBackendObserver
{
    public async Task<BackendObservation> ObserveAsync(string cluster, string clickHouseService, string workerService, string fileSystemId, CancellationToken cancellationToken)
    {
        var servicesTask = TransientAwsErrors.FindAsync("ECS DescribeServices", () => ecs.DescribeServicesAsync(
            new DescribeServicesRequest { Cluster = cluster, Services = [clickHouseService, workerService] }, cancellationToken)!);
        var fileSystemTask = TransientAwsErrors.FindAsync("EFS DescribeFileSystems", () => efs.DescribeFileSystemsAsync(
            new DescribeFileSystemsRequest { FileSystemId = fileSystemId }, cancellationToken)!);
        await Task.WhenAll(servicesTask, fileSystemTask).ConfigureAwait(false);

        var services = (await servicesTask.ConfigureAwait(false))?.Services ?? [];
        var clickHouse = ToObservation(services.FirstOrDefault(service => Matches(service, clickHouseService)));
        var workerDescription = services.FirstOrDefault(service => Matches(service, workerService));
        var worker = ToObservation(workerDescription);
        if (worker is not null && workerDescription?.TaskDefinition is { Length: > 0 } taskDefinition)
        {
            worker = worker with { Container = await WorkerContainerAsync(taskDefinition, cancellationToken).ConfigureAwait(false) };
        }

        var fileSystem = (await fileSystemTask.ConfigureAwait(false))?.FileSystems?.FirstOrDefault();
        if (fileSystem is null)
        {
            return new BackendObservation(clickHouse, worker, null);
        }

        var inZone = fileSystem.AvailabilityZoneId is { } zone && clickHouse is { SubnetIds.Count: > 0 }
            ? await SubnetsInZoneAsync(clickHouse.SubnetIds, zone, cancellationToken).ConfigureAwait(false)
            : (IReadOnlyList<string>)[];
        return new BackendObservation(clickHouse, worker,
            new FileSystemObservation(fileSystem.FileSystemId ?? fileSystemId, fileSystem.LifeCycleState ?? "unknown", fileSystem.AvailabilityZoneId, inZone));
    }

    /// <summary>
    /// The Langfuse container of the worker's task definition: the one running a langfuse-worker image, else the first
    /// essential one (sidecars such as log routers or agents are not Langfuse).
    /// </summary>
    private async Task<ContainerObservation?> WorkerContainerAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        var response = await TransientAwsErrors.FindAsync("ECS DescribeTaskDefinition", () => ecs.DescribeTaskDefinitionAsync(
            new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinition }, cancellationToken)!).ConfigureAwait(false);
        var containers = response?.TaskDefinition?.ContainerDefinitions ?? [];
        var container = containers.FirstOrDefault(candidate => LangfuseImage.TryParse(candidate.Image, out var image) && image.LooksLikeWorkerImage)
            ?? containers.FirstOrDefault(candidate => candidate.Essential ?? true);
        if (container is null)
        {
            return null;
        }

        return new ContainerObservation(
            container.Name ?? "",
            container.Image ?? "",
            (container.Environment ?? []).Where(pair => pair.Name is not null).GroupBy(pair => pair.Name!, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Last().Value ?? "", StringComparer.Ordinal),
            (container.Secrets ?? []).Where(secret => secret.Name is not null).GroupBy(secret => secret.Name!, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Last().ValueFrom ?? "", StringComparer.Ordinal));
    }

    // AZ IDs, not names: names are shuffled per account, IDs name the same physical zone everywhere.
    private async Task<IReadOnlyList<string>> SubnetsInZoneAsync(IReadOnlyList<string> subnetIds, string availabilityZoneId, CancellationToken cancellationToken)
    {
        var response = await TransientAwsErrors.CallAsync("EC2 DescribeSubnets", () => ec2.DescribeSubnetsAsync(
            new DescribeSubnetsRequest { SubnetIds = [.. subnetIds] }, cancellationToken)).ConfigureAwait(false);
        return (response.Subnets ?? []).Where(subnet => subnet.AvailabilityZoneId == availabilityZoneId).Select(subnet => subnet.SubnetId).OfType<string>().ToArray();
    }

    private static bool Matches(Service service, string nameOrArn) =>
        service.ServiceName == nameOrArn || service.ServiceArn == nameOrArn || nameOrArn.EndsWith("/" + service.ServiceName, StringComparison.Ordinal);

    private static EcsServiceObservation? ToObservation(Service? service) => service is null
        ? null
        : new EcsServiceObservation(service.ServiceName ?? "", service.Status ?? "UNKNOWN", service.DesiredCount ?? 0, service.RunningCount ?? 0,
            service.NetworkConfiguration?.AwsvpcConfiguration?.Subnets?.ToArray() ?? []);
}
