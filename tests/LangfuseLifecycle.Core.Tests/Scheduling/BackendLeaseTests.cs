using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Core.Tests.TestHelpers;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

/// <summary>One lifecycle action at a time per backend: the scaler and the migration take the same lease.</summary>
public sealed class BackendLeaseTests
{
    private const string Key = "langfuse/clickhouse";

    private static async Task<(FakeBackend Backend, TestClock Time)> AsleepAsync()
    {
        var backend = FakeBackend.Langfuse();
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        await SchedulingFactory.Sleep(backend, time).ExecuteAsync(new SleepOptions(), CancellationToken.None);
        backend.Calls.Clear();
        return (backend, time);
    }

    [Fact]
    public async Task HandleAsync_WhenAnotherActionHoldsTheLease_ShouldRefuseNamingTheHolderBeforeAnyCall()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var lease = new InMemoryBackendLease();
        var started = time.GetUtcNow().AddMinutes(-3);
        lease.Held[Key] = new LeaseHolder("wake", started, "request-0", started.AddMinutes(20));
        var scaler = SchedulingFactory.Scaler(backend, time, lease: SchedulingFactory.Lease(lease, time));

        // Act
        var exception = await Assert.ThrowsAsync<BackendBusyException>(() => scaler.HandleAsync(new ScalerRequest("sleep"), CancellationToken.None));

        // Assert
        Assert.Equal("wake", exception.Holder.Action);
        Assert.Contains("'wake' started at 2026-11-29T22:57:00Z by request-0", exception.Message);
        Assert.Contains("'sleep' was refused", exception.Message);
        // Only the announcement of the refusal (docs/operations.md): nothing read or changed on the backend.
        Assert.Equal(["PutEvents sleep"], backend.Calls);
        Assert.Equal("request-0", lease.Held[Key].HolderId);
    }

    [Fact]
    public async Task HandleAsync_WhenASecondActionStartsWhileTheFirstRuns_ShouldRefuseItAndKeepEveryRestoreRecord()
    {
        // Arrange: the wake starts a sleep (another invocation) just as it starts the worker — the overlap that lost records.
        var (backend, time) = await AsleepAsync();
        var lease = new InMemoryBackendLease();
        var wake = SchedulingFactory.Scaler(backend, time, lease: SchedulingFactory.Lease(lease, time, "request-wake"));
        var sleep = SchedulingFactory.Scaler(backend, time, lease: SchedulingFactory.Lease(lease, time, "request-sleep"));
        Exception? overlapping = null;
        backend.BeforeCall = call =>
        {
            if (call == "UpdateService worker desired=2" && overlapping is null)
            {
                overlapping = Record.Exception(() => sleep.HandleAsync(new ScalerRequest("sleep"), CancellationToken.None).GetAwaiter().GetResult());
            }
        };

        // Act
        var summary = await wake.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);

        // Assert
        Assert.IsType<BackendBusyException>(overlapping);
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(2, backend[FakeBackend.Worker].Desired);
        Assert.Equal(new CapacityRange(1, 4), backend.CapacityOf(FakeBackend.Worker));
        Assert.Empty(lease.Held);
    }

    [Fact]
    public async Task HandleAsync_WhenTheActionFails_ShouldReleaseTheLease()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        backend.FileSystem = null;
        var lease = new InMemoryBackendLease();
        var scaler = SchedulingFactory.Scaler(backend, time, lease: SchedulingFactory.Lease(lease, time));

        // Act
        await Assert.ThrowsAsync<ClickHouseFileSystemNotFoundException>(() => scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None));

        // Assert
        Assert.Equal(["Acquire langfuse/clickhouse wake request-1", "Release langfuse/clickhouse request-1"], lease.Calls);
        Assert.Empty(lease.Held);
    }

    [Theory]
    [InlineData("status", false)]
    [InlineData("sleep", true)]
    [InlineData("wake", true)]
    public async Task HandleAsync_WhenStatusOrDryRun_ShouldRunWithoutTheLeaseEvenWhileItIsHeld(string action, bool dryRun)
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var lease = new InMemoryBackendLease();
        lease.Held[Key] = new LeaseHolder("wake", time.GetUtcNow(), "request-0", time.GetUtcNow().AddMinutes(20));
        var scaler = SchedulingFactory.Scaler(backend, time, lease: SchedulingFactory.Lease(lease, time));

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest(action, DryRun: dryRun ? true : null), CancellationToken.None);

        // Assert
        Assert.NotEqual(ScalerOutcome.Completed, summary.Outcome);
        Assert.Empty(lease.Calls);
        Assert.Empty(backend.Changes);
    }

    [Fact]
    public async Task HandleAsync_WhenTheHolderExpired_ShouldTakeTheLeaseOver()
    {
        // Arrange: a holder that crashed 25 minutes ago and never released.
        var (backend, time) = await AsleepAsync();
        var lease = new InMemoryBackendLease();
        var crashed = time.GetUtcNow().AddMinutes(-25);
        lease.Held[Key] = new LeaseHolder("sleep", crashed, "request-0", crashed + LeaseSettings.Default.Duration);
        var scaler = SchedulingFactory.Scaler(backend, time, lease: SchedulingFactory.Lease(lease, time));

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Empty(lease.Held);
    }

    [Fact]
    public async Task WakeClickHouseAsync_WhenTheScalerHoldsTheLease_ShouldRefuseTheMigrationStepBeforeAnyCall()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var lease = new InMemoryBackendLease();
        lease.Held[Key] = new LeaseHolder("sleep", time.GetUtcNow(), "request-0", time.GetUtcNow().AddMinutes(20));
        var migration = new LangfuseLifecycle.Core.Migration.SchedulerBackend(
            SchedulingFactory.Ports(backend, time, withTaskDefinitions: true), WaitSettings.NoDelay, SchedulingFactory.Lease(lease, time, "migration"));
        var target = new LangfuseLifecycle.Core.Migration.BackendTarget(
            FakeBackend.Cluster, FakeBackend.ClickHouse, FakeBackend.Worker, FakeBackend.FileSystemId, null, "http://clickhouse:8123/ping", "http://worker:3030/api/health");

        // Act
        var exception = await Assert.ThrowsAsync<BackendBusyException>(() => migration.WakeClickHouseAsync(target, CancellationToken.None));

        // Assert
        Assert.Equal("migration: wake ClickHouse", exception.Action);
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task RunAsync_WhenTheLeaseIsReleasedWhileWaiting_ShouldTakeItAndRun()
    {
        // Arrange: held for the first two attempts.
        var lease = new ReleasingLease(attemptsHeld: 2);
        var guard = new BackendLeaseGuard(lease, TimeProvider.System, new LeaseSettings(TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10)), "request-1");

        // Act
        var result = await guard.RunAsync(Key, "sleep", _ => Task.FromResult(42), CancellationToken.None);

        // Assert
        Assert.Equal(42, result);
        Assert.Equal(3, lease.Attempts);
    }

    [Fact]
    public async Task RunAsync_WhenTheLeaseStaysHeld_ShouldRefuseAfterTheBoundedWait()
    {
        // Arrange
        var lease = new ReleasingLease(attemptsHeld: int.MaxValue);
        var guard = new BackendLeaseGuard(lease, TimeProvider.System, new LeaseSettings(TimeSpan.FromMinutes(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(20)), "request-1");
        var ran = false;

        // Act
        var exception = await Assert.ThrowsAsync<BackendBusyException>(() => guard.RunAsync(Key, "sleep", _ => Task.FromResult(ran = true), CancellationToken.None));

        // Assert
        Assert.False(ran);
        Assert.InRange(lease.Attempts, 2, 11);
        Assert.Equal("other", exception.Holder.HolderId);
    }

    private sealed class ReleasingLease(int attemptsHeld) : IBackendLease
    {
        public int Attempts { get; private set; }

        public Task<LeaseHolder?> TryAcquireAsync(string backendKey, LeaseHolder holder, CancellationToken cancellationToken)
        {
            Attempts++;
            return Task.FromResult(Attempts <= attemptsHeld ? new LeaseHolder("wake", holder.StartedAt, "other", holder.ExpiresAt) : null);
        }

        public Task ReleaseAsync(string backendKey, string holderId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
