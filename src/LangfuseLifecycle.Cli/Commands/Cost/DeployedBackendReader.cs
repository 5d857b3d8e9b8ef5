using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Aws.ElasticFileSystem.Model;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Core.Cost;

namespace LangfuseLifecycle.Cli.Commands.Cost;

/// <summary>What the deployed backend runs, as the cost model needs it: task sizes, CPU architecture, Spot, EFS class and size.</summary>
public sealed record DeployedBackend(
    FargateServiceSpec ClickHouse,
    FargateServiceSpec Worker,
    EfsStorageClass StorageClass,
    decimal? DataGb,
    IReadOnlyList<string> Notes);

/// <summary>Reads <see cref="DeployedBackend"/> with read-only calls: ECS DescribeServices and DescribeTaskDefinition, EFS DescribeFileSystems.</summary>
public sealed class DeployedBackendReader(IAmazonECS ecs, IAmazonElasticFileSystem efs)
{
    private const decimal BytesPerGb = 1_000_000_000m;

    public async Task<DeployedBackend> ReadAsync(string cluster, string clickHouseService, IReadOnlyList<string> workerServices, string fileSystemId, CancellationToken cancellationToken)
    {
        var response = await ecs.DescribeServicesAsync(
            new DescribeServicesRequest { Cluster = cluster, Services = [clickHouseService, .. workerServices] },
            cancellationToken).ConfigureAwait(false);
        var services = response.Services ?? [];
        var notes = new List<string>();

        var clickHouse = Find(services, clickHouseService, cluster);
        var clickHouseSpec = await SpecAsync(clickHouse, spot: false, count: 1, notes, cancellationToken).ConfigureAwait(false);

        var worker = Find(services, workerServices[0], cluster);
        var workerSpot = UsesSpot(worker);
        var workerCount = workerServices.Sum(name => Math.Max(Find(services, name, cluster).DesiredCount ?? 0, 0));
        if (workerCount == 0)
        {
            workerCount = workerServices.Count;
            notes.Add($"workers are asleep (desired 0): priced at {workerCount} task(s) while awake");
        }

        var workerSpec = await SpecAsync(worker, workerSpot, workerCount, notes, cancellationToken).ConfigureAwait(false);

        var fileSystems = await efs.DescribeFileSystemsAsync(new DescribeFileSystemsRequest { FileSystemId = fileSystemId }, cancellationToken).ConfigureAwait(false);
        var fileSystem = fileSystems.FileSystems?.FirstOrDefault()
            ?? throw new CliUsageException($"EFS file system {fileSystemId} was not found: check --file-system-id or the stack's ClickHouseFileSystemId.");
        var storageClass = string.IsNullOrEmpty(fileSystem.AvailabilityZoneName) ? EfsStorageClass.Standard : EfsStorageClass.OneZone;
        notes.Add(storageClass == EfsStorageClass.OneZone
            ? $"EFS {fileSystemId}: One Zone in {fileSystem.AvailabilityZoneName}"
            : $"EFS {fileSystemId}: Standard (regional)");
        decimal? dataGb = fileSystem.SizeInBytes?.Value is { } bytes ? Math.Round(bytes / BytesPerGb, 2) : null;

        return new DeployedBackend(clickHouseSpec, workerSpec, storageClass, dataGb, notes);
    }

    private static Service Find(IReadOnlyList<Service> services, string name, string cluster) =>
        services.FirstOrDefault(service => service.ServiceName == name || service.ServiceArn == name)
            ?? throw new CliUsageException($"ECS service '{name}' was not found in cluster '{cluster}': check the service names (--clickhouse-service, --worker-services) or the stack.");

    internal static bool UsesSpot(Service service) =>
        service.CapacityProviderStrategy?.Any(item => item.CapacityProvider == "FARGATE_SPOT" && (item.Weight ?? 0) > 0) ?? false;

    private async Task<FargateServiceSpec> SpecAsync(Service service, bool spot, int count, List<string> notes, CancellationToken cancellationToken)
    {
        var definition = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = service.TaskDefinition }, cancellationToken).ConfigureAwait(false)).TaskDefinition;
        var size = TaskSizeText.FromTaskDefinition(definition?.Cpu, definition?.Memory)
            ?? throw new CliUsageException($"Task definition {service.TaskDefinition} of {service.ServiceName} has no task-level cpu/memory: pass --clickhouse-size / --worker-size.");
        var architecture = string.Equals(definition?.RuntimePlatform?.CpuArchitecture, "ARM64", StringComparison.OrdinalIgnoreCase) ? CpuArchitecture.Arm64 : CpuArchitecture.X86_64;
        notes.Add($"{service.ServiceName}: {size} {(architecture == CpuArchitecture.Arm64 ? "arm64" : "x86_64")}{(spot ? " on Fargate Spot" : " on Fargate")} × {count} (task definition {ShortName(service.TaskDefinition)})");
        return new FargateServiceSpec(size, count, architecture, spot);
    }

    private static string? ShortName(string? arn) => arn is null ? null : arn[(arn.LastIndexOf('/') + 1)..];
}
