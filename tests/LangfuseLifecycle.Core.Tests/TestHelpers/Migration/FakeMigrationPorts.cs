using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Ports;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

internal sealed class FakeDatabaseSnapshots : IDatabaseSnapshots
{
    public DatabaseObservation? Database { get; set; } = MigrationSamples.Observation().Database;
    public Dictionary<string, SnapshotObservation> Snapshots { get; } = new(StringComparer.Ordinal);
    public List<(string Identifier, IReadOnlyDictionary<string, string> Tags)> Created { get; } = [];
    public int DescribeCalls { get; private set; }

    public Task<DatabaseObservation?> DescribeDatabaseAsync(string identifier, CancellationToken cancellationToken)
    {
        DescribeCalls++;
        return Task.FromResult(Database?.Identifier == identifier ? Database : null);
    }

    public Task<SnapshotObservation?> FindSnapshotAsync(DatabaseTarget database, string snapshotIdentifier, CancellationToken cancellationToken) =>
        Task.FromResult(Snapshots.GetValueOrDefault(snapshotIdentifier));

    public Task<SnapshotObservation> CreateSnapshotAsync(DatabaseTarget database, string snapshotIdentifier, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        Created.Add((snapshotIdentifier, tags));
        var snapshot = new SnapshotObservation(snapshotIdentifier, "creating", "");
        Snapshots[snapshotIdentifier] = snapshot;
        return Task.FromResult(snapshot);
    }
}

internal sealed class FakeWebService : IWebService
{
    public WebServiceObservation? Service { get; set; } = MigrationSamples.Web();
    public List<WebConfiguration> Updates { get; } = [];
    public List<WebOperation> Operations { get; } = [new("op-create", "CREATE_SERVICE", "SUCCEEDED")];
    public List<string> Log { get; init; } = [];

    public Task<WebServiceObservation?> DescribeAsync(string serviceArn, CancellationToken cancellationToken) =>
        Task.FromResult(Service?.ServiceArn == serviceArn ? Service : null);

    public Task<string> UpdateAsync(string serviceArn, WebConfiguration configuration, CancellationToken cancellationToken)
    {
        Updates.Add(configuration);
        Log.Add("update " + configuration.ImageIdentifier);
        var operation = new WebOperation($"op-{Operations.Count}", "UPDATE_SERVICE", "IN_PROGRESS");
        Operations.Add(operation);
        Service = Service! with { Status = "OPERATION_IN_PROGRESS", Configuration = configuration };
        return Task.FromResult(operation.Id);
    }

    public Task<WebOperation?> LatestOperationAsync(string serviceArn, CancellationToken cancellationToken) =>
        Task.FromResult(Operations.LastOrDefault());

    public Task<WebOperation?> DescribeOperationAsync(string serviceArn, string operationId, CancellationToken cancellationToken) =>
        Task.FromResult(Operations.FirstOrDefault(operation => operation.Id == operationId));
}

internal sealed class FakeMigrationBackend : IMigrationBackend, IMigrationBackendObserver
{
    public EcsServiceObservation? ClickHouse { get; set; } = MigrationSamples.Observation().ClickHouseService;
    public EcsServiceObservation? Worker { get; set; } = MigrationSamples.Observation().WorkerService;
    public FileSystemObservation? FileSystem { get; set; } = MigrationSamples.Observation().FileSystem;
    public bool ClickHouseSteady { get; set; }
    public bool WorkerSteady { get; set; }
    public List<string> Calls { get; } = [];

    public Task<BackendObservation> ObserveAsync(string cluster, string clickHouseService, string workerService, string fileSystemId, CancellationToken cancellationToken) =>
        Task.FromResult(new BackendObservation(
            clickHouseService == ClickHouse?.ServiceName ? ClickHouse : null,
            workerService == Worker?.ServiceName ? Worker : null,
            FileSystem?.FileSystemId == fileSystemId ? FileSystem : null));

    public Task WakeClickHouseAsync(BackendTarget backend, CancellationToken cancellationToken)
    {
        Calls.Add("wake-clickhouse");
        return Task.CompletedTask;
    }

    public Task WakeWorkerAsync(BackendTarget backend, bool backgroundMigrations, CancellationToken cancellationToken)
    {
        Calls.Add($"wake-worker background-migrations={backgroundMigrations}");
        return Task.CompletedTask;
    }

    public Task SetBackgroundMigrationsAsync(BackendTarget backend, bool enabled, CancellationToken cancellationToken)
    {
        Calls.Add($"background-migrations={enabled}");
        return Task.CompletedTask;
    }

    public Task<BackendComponentStatus> GetStatusAsync(BackendTarget backend, BackendComponent component, CancellationToken cancellationToken) =>
        Task.FromResult(component == BackendComponent.ClickHouse
            ? new BackendComponentStatus(component, ClickHouseSteady, ClickHouseSteady ? "1/1 running" : "0/1 running")
            : new BackendComponentStatus(component, WorkerSteady, WorkerSteady ? "1/1 running" : "0/1 running"));

    public Task SleepAsync(BackendTarget backend, CancellationToken cancellationToken)
    {
        Calls.Add("sleep");
        return Task.CompletedTask;
    }
}

internal sealed class FakeHealthProbe : IHealthProbe
{
    public Func<Uri, bool> IsHealthy { get; set; } = _ => true;
    public List<Uri> Probed { get; } = [];

    public Task<ProbeResult> ProbeAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        Probed.Add(endpoint);
        var healthy = IsHealthy(endpoint);
        return Task.FromResult(new ProbeResult(endpoint, healthy, healthy ? "200" : "503"));
    }
}

internal sealed class FakeMigrationExecutions : IMigrationExecutions
{
    public List<string> Running { get; } = [];
    public int Calls { get; private set; }

    public Task<IReadOnlyList<string>> ListRunningExecutionArnsAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult<IReadOnlyList<string>>(Running.ToArray());
    }
}

/// <summary>The v2 web records in memory; <see cref="Log"/> is shared with a <see cref="FakeWebService"/> when a test checks the order.</summary>
internal sealed class FakeWebConfigurationRecords : IWebConfigurationRecords
{
    public Dictionary<string, WebConfiguration> Stored { get; } = [];
    public List<string> Log { get; init; } = [];

    public Task<WebConfiguration> KeepAsync(string name, WebConfiguration v2, CancellationToken cancellationToken)
    {
        Log.Add("record " + name);
        return Task.FromResult(Stored.TryAdd(name, v2) ? v2 : Stored[name]);
    }

    public Task<WebConfiguration?> ReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Stored.GetValueOrDefault(name));
}
