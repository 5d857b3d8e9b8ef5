namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>Reads the v3 backend for preflight: its services and where ClickHouse's file system lets it run. Changes nothing.</summary>
public interface IMigrationBackendObserver
{
    Task<BackendObservation> ObserveAsync(string cluster, string clickHouseService, string workerService, string fileSystemId, CancellationToken cancellationToken);
}

/// <summary>Null members do not exist. <see cref="FileSystemObservation.SubnetIdsInZone"/> holds the ClickHouse service's subnets in the file system's AZ.</summary>
public sealed record BackendObservation(EcsServiceObservation? ClickHouseService, EcsServiceObservation? WorkerService, FileSystemObservation? FileSystem);
