namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>
/// The v3 backend on ECS. Waking and sleeping go through the scheduler's use case (one implementation, not two):
/// ClickHouse pinned to its EFS AZ with a single task, the worker after it.
/// </summary>
public interface IMigrationBackend
{
    Task WakeClickHouseAsync(BackendTarget backend, CancellationToken cancellationToken);

    /// <summary>Wakes the worker with <c>LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS</c> set as given.</summary>
    Task WakeWorkerAsync(BackendTarget backend, bool backgroundMigrations, CancellationToken cancellationToken);

    /// <summary>Turns background migrations on or off for the running worker (a new task-definition revision).</summary>
    Task SetBackgroundMigrationsAsync(BackendTarget backend, bool enabled, CancellationToken cancellationToken);

    Task<BackendComponentStatus> GetStatusAsync(BackendTarget backend, BackendComponent component, CancellationToken cancellationToken);

    /// <summary>Worker first, then ClickHouse, so no trace is accepted without a database to land in.</summary>
    Task SleepAsync(BackendTarget backend, CancellationToken cancellationToken);
}

public enum BackendComponent
{
    ClickHouse,
    Worker,
}

public sealed record BackendComponentStatus(BackendComponent Component, bool Steady, string Detail);
