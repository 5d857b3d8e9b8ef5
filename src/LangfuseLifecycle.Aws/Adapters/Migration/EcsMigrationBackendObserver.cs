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
        var worker = ToObservation(services.FirstOrDefault(service => Matches(service, workerService)));
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
