using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Core.Tests.TestHelpers;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class SleepBackendTests
{
    [Fact]
    public async Task ExecuteAsync_WhenBackendAwake_ShouldStopWorkersBeforeClickHouse()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        var changes = backend.Changes.ToList();
        Assert.Equal(
            [
                "TagService worker restore-desired-count,restore-recorded-at,restore-min-capacity,restore-max-capacity,restore-suspended",
                "RegisterScalableTarget worker min=0 max=4",
                "UpdateService worker desired=0",
                "TagService clickhouse restore-desired-count,restore-recorded-at",
                "UpdateService clickhouse desired=0",
            ],
            changes);
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task ExecuteAsync_WhenBackendAwake_ShouldRecordCountsAndCapacityAsTags()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(workerDesired: 3, workerCapacity: new CapacityRange(2, 6));
        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        var summary = await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        var workerRecord = RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags);
        Assert.Equal(new RestoreRecord(3, new CapacityRange(2, 6), SchedulingFactory.MondayMorningTokyo), workerRecord);
        Assert.Equal(1, RestoreRecord.FromTags(backend[FakeBackend.ClickHouse].Tags)!.DesiredCount);
        Assert.Equal(new CapacityRange(0, 6, new ScalingSuspension(false, true, true)), backend.CapacityOf(FakeBackend.Worker));
        Assert.Equal(0, backend[FakeBackend.Worker].Desired);
        Assert.Equal(0, backend[FakeBackend.ClickHouse].Desired);
        var worker = summary.Services.Single(service => service.Role == ServiceRole.Worker);
        Assert.Equal((3, 0, 3), (worker.DesiredBefore, worker.DesiredAfter, worker.RestoreCountRecorded));
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
    }

    [Fact]
    public async Task ExecuteAsync_WhenSleepingTwice_ShouldKeepTheFirstRecordAndChangeNothing()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(workerDesired: 2);
        var sleep = SchedulingFactory.Sleep(backend);
        await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);
        var changesAfterFirst = backend.Changes.Count;

        // Act
        var second = await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        Assert.Equal(changesAfterFirst, backend.Changes.Count);
        Assert.Equal(2, RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags)!.DesiredCount);
        Assert.Equal(new CapacityRange(1, 4), RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags)!.Capacity);
        Assert.Equal(2, second.Services.Single(service => service.Role == ServiceRole.Worker).RestoreCountRecorded);
    }

    [Fact]
    public async Task ExecuteAsync_WhenScaledUpByHandWhileAsleep_ShouldRecordTheNewCountButKeepTheOriginalCapacity()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(workerDesired: 2);
        var sleep = SchedulingFactory.Sleep(backend);
        await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);
        backend[FakeBackend.Worker].Desired = 3;
        backend[FakeBackend.Worker].Running = 3;
        backend[FakeBackend.ClickHouse].Desired = 1;
        backend[FakeBackend.ClickHouse].Running = 1;

        // Act
        await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        var record = RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags)!;
        Assert.Equal(3, record.DesiredCount);
        Assert.Equal(new CapacityRange(1, 4), record.Capacity);
    }

    [Fact]
    public async Task ExecuteAsync_WhenWorkersDrainSlowly_ShouldStopClickHouseOnlyAfterWorkersStopped()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        backend.PollsToSettle = 3;
        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        var lastWorkerPoll = backend.Calls.FindLastIndex(call => call == "DescribeServices worker");
        var clickHouseStop = backend.Calls.IndexOf("UpdateService clickhouse desired=0");
        Assert.True(lastWorkerPoll < clickHouseStop);
        Assert.Equal(4, backend.Calls.Count(call => call == "DescribeServices worker"));
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task ExecuteAsync_WhenDeadlinePassesWhileWorkersDrain_ShouldThrowSleepTimeoutAndLeaveClickHouseRunning()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        backend.PollsToSettle = int.MaxValue;
        using var deadline = new CancellationTokenSource();
        var polls = 0;
        backend.BeforeCall = call =>
        {
            if (call == "DescribeServices worker" && ++polls == 3)
            {
                deadline.Cancel();
            }
        };
        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        var exception = await Assert.ThrowsAsync<BackendSleepTimeoutException>(() => sleep.ExecuteAsync(new SleepOptions(), deadline.Token));

        // Assert
        Assert.Equal("wait for workers to stop", exception.Stage);
        Assert.Equal(1, backend[FakeBackend.ClickHouse].Desired);
        Assert.DoesNotContain("UpdateService clickhouse desired=0", backend.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_WhenKeepAwakeActive_ShouldSkipWithReasonAndChangeNothing()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        var until = SchedulingFactory.MondayMorningTokyo.AddHours(3);
        foreach (var (key, value) in new KeepAwakeOverride(until, "release night").ToTags())
        {
            backend[FakeBackend.ClickHouse].Tags[key] = value;
        }

        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        var summary = await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Skipped, summary.Outcome);
        Assert.Contains("keep-awake override active until 2026-11-30T02:00:00Z (release night)", summary.SkipReason);
        Assert.Empty(backend.Changes);
    }

    [Fact]
    public async Task ExecuteAsync_WhenKeepAwakeActiveAndForced_ShouldSleepAndClearTheOverride()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        foreach (var (key, value) in new KeepAwakeOverride(SchedulingFactory.MondayMorningTokyo.AddHours(3), null).ToTags())
        {
            backend[FakeBackend.ClickHouse].Tags[key] = value;
        }

        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        var summary = await sleep.ExecuteAsync(new SleepOptions(Force: true), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(0, backend[FakeBackend.ClickHouse].Desired);
        Assert.Null(KeepAwakeOverride.FromTags(backend[FakeBackend.ClickHouse].Tags));
    }

    [Fact]
    public async Task ExecuteAsync_WhenKeepAwakeExpired_ShouldSleepAndClearIt()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        foreach (var (key, value) in new KeepAwakeOverride(SchedulingFactory.MondayMorningTokyo.AddMinutes(-1), null).ToTags())
        {
            backend[FakeBackend.ClickHouse].Tags[key] = value;
        }

        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        var summary = await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Null(KeepAwakeOverride.FromTags(backend[FakeBackend.ClickHouse].Tags));
        Assert.Contains(summary.Warnings, warning => warning.Contains("expired keep-awake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_WhenDryRun_ShouldReturnThePlanAndChangeNothing()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(workerDesired: 2);
        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        var summary = await sleep.ExecuteAsync(new SleepOptions(DryRun: true), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Planned, summary.Outcome);
        Assert.Empty(backend.Changes);
        Assert.Equal([FakeBackend.Worker, FakeBackend.ClickHouse], summary.Services.Select(service => service.Service));
        Assert.All(summary.Services, service => Assert.Equal(0, service.DesiredAfter));
    }

    [Fact]
    public async Task ExecuteAsync_WhenServiceMissing_ShouldThrowNotFoundNamingItAndChangeNothing()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        var topology = FakeBackend.Topology() with { WorkerServices = ["worker", "langfuse-wroker"] };
        var sleep = SchedulingFactory.Sleep(backend, topology: topology);

        // Act
        var exception = await Assert.ThrowsAsync<BackendServiceNotFoundException>(() => sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None));

        // Assert
        Assert.Equal(["langfuse-wroker"], exception.MissingServices);
        Assert.Contains("WORKER_SERVICES", exception.Message);
        Assert.Empty(backend.Changes);
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseRanTwoTasks_ShouldRecordOneAndWarn()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(clickHouseDesired: 2);
        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        var summary = await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        Assert.Equal(1, RestoreRecord.FromTags(backend[FakeBackend.ClickHouse].Tags)!.DesiredCount);
        Assert.Contains(summary.Warnings, warning => warning.Contains("recorded 1", StringComparison.Ordinal));
        Assert.Equal(0, backend[FakeBackend.ClickHouse].Desired);
    }

    [Fact]
    public async Task ExecuteAsync_WhenWorkerHasNoScalableTarget_ShouldNotTouchAutoScaling()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        backend.Capacities.Clear();
        var sleep = SchedulingFactory.Sleep(backend);

        // Act
        await sleep.ExecuteAsync(new SleepOptions(), CancellationToken.None);

        // Assert
        Assert.DoesNotContain(backend.Calls, call => call.StartsWith("RegisterScalableTarget", StringComparison.Ordinal));
        Assert.Null(RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags)!.Capacity);
    }
}
