using LangfuseLifecycle.Core.Migration.Ports;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// The migration's Backend phase on top of the scheduler's wake and sleep use cases — one implementation of
/// "start the v3 backend" (ClickHouse pinned to its EFS AZ, one task; workers only after it), not two.
/// Health is not waited for here: the migration's Health phase probes from inside the VPC.
/// Each wake and sleep holds the backend's lease, like the scaler's, so a scheduled action never runs beside a migration step.
/// </summary>
/// <param name="ports">Its <see cref="SchedulingPorts.TaskDefinitions"/> must be set: the worker is started with environment overrides.</param>
public sealed class SchedulerBackend(SchedulingPorts ports, WaitSettings wait, BackendLeaseGuard? lease = null) : IMigrationBackend
{
    private readonly IEcsServicePort ecs = ports.Ecs;
    private readonly TimeProvider time = ports.Time;

    public const string BackgroundMigrationsVariable = "LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS";

    /// <summary>
    /// How long scheduled sleeps skip once the migration has woken ClickHouse: longer than the Backend, Health and Web
    /// switch phases' poll limits together (about an hour at the defaults), so the evening sleep cannot stop the backend
    /// under a running migration. Extend-only: a longer keep-awake the team set stays.
    /// </summary>
    public static readonly TimeSpan KeepAwakeDuringMigration = TimeSpan.FromHours(3);

    public Task WakeClickHouseAsync(BackendTarget backend, CancellationToken cancellationToken) =>
        LeasedAsync(backend, "migration: wake ClickHouse", token => Wake(backend).ExecuteAsync(
            new WakeOptions(
                Reason: "migration: ClickHouse",
                StartWorkers: false,
                KeepAwake: new KeepAwakeRequest(time.GetUtcNow().Add(KeepAwakeDuringMigration), "Langfuse v2 to v3 migration in progress", ExtendOnly: true)),
            token), cancellationToken);

    public Task WakeWorkerAsync(BackendTarget backend, bool backgroundMigrations, CancellationToken cancellationToken) =>
        LeasedAsync(backend, "migration: wake worker", token => Wake(backend).ExecuteAsync(
            new WakeOptions(Reason: "migration: worker", WorkerEnvironment: Environment(backgroundMigrations), WaitForWorkers: false),
            token), cancellationToken);

    public Task SetBackgroundMigrationsAsync(BackendTarget backend, bool enabled, CancellationToken cancellationToken) =>
        LeasedAsync(backend, "migration: background migrations", token => Wake(backend).ExecuteAsync(
            new WakeOptions(Reason: $"migration: background migrations {(enabled ? "on" : "off")}", WorkerEnvironment: Environment(enabled), WaitForWorkers: false),
            token), cancellationToken);

    public async Task<BackendComponentStatus> GetStatusAsync(BackendTarget backend, BackendComponent component, CancellationToken cancellationToken)
    {
        var name = component == BackendComponent.ClickHouse ? backend.ClickHouseService : backend.WorkerService;
        var services = await ecs.DescribeServicesAsync(backend.Cluster, [name], cancellationToken).ConfigureAwait(false);
        if (services.FirstOrDefault() is not { } service)
        {
            return new BackendComponentStatus(component, false, $"ECS service {name} not found in {backend.Cluster}");
        }

        // The wake's UpdateService set the service's task definition and network: the PRIMARY deployment must run those.
        var failure = ServiceSteadiness.Failure(service, new RequestedDeployment(service.TaskDefinitionArn, service.Network));
        var detail = $"{service.RunningCount}/{service.DesiredCount} running, {service.PendingCount} pending, {service.Deployments.Count} deployment(s)";
        if (failure is not null)
        {
            // Not "not steady yet": a rolled-back deployment never becomes the one the migration asked for.
            throw new Exceptions.BackendWakeFailedException($"ECS service {name}: {failure}; {detail}. Fix the cause in the service's events (`aws ecs describe-services`), then start the migration again.");
        }

        var steady = service.DesiredCount > 0 && ServiceSteadiness.IsSteadyAt(service, service.DesiredCount);
        return new BackendComponentStatus(component, steady, detail);
    }

    public Task SleepAsync(BackendTarget backend, CancellationToken cancellationToken) =>
        LeasedAsync(backend, "migration: sleep", token => new SleepBackend(Topology(backend), ports, wait)
            .ExecuteAsync(new SleepOptions(Reason: "migration stopped before the web switch", Force: true), token), cancellationToken);

    private Task<ScalerSummary> LeasedAsync(BackendTarget backend, string action, Func<CancellationToken, Task<ScalerSummary>> work, CancellationToken cancellationToken) =>
        lease is null ? work(cancellationToken) : lease.RunAsync(BackendLeaseGuard.KeyOf(Topology(backend)), action, work, cancellationToken);

    private WakeBackend Wake(BackendTarget backend) =>
        new(Topology(backend), ports, wait);

    // No health URLs: the wake functions run outside the VPC; the Health phase's probe function checks health from inside.
    private static BackendTopology Topology(BackendTarget backend) =>
        new(backend.Cluster, backend.ClickHouseService, [backend.WorkerService], backend.FileSystemId);

    private static Dictionary<string, string> Environment(bool backgroundMigrations) =>
        new(StringComparer.Ordinal) { [BackgroundMigrationsVariable] = backgroundMigrations ? "true" : "false" };
}
