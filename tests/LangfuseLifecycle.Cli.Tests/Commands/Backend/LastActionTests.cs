using LangfuseLifecycle.Cli.Commands.Backend;
using LangfuseLifecycle.Core.Scheduling;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

public sealed class LastActionTests
{
    private static readonly DateTimeOffset SleptAt = new(2026, 11, 27, 11, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EventAt = new(2026, 11, 28, 23, 1, 0, TimeSpan.Zero);

    private static ServiceObservation Service(string name, int desired, int running, int? recorded = null, string? rollout = "COMPLETED", string? reason = null) =>
        new(name, desired, running, recorded is { } count ? new RestoreRecord(count, null, SleptAt) : null, rollout, reason, EventAt);

    [Fact]
    public void Derive_WhenRecordsAndEverythingStopped_ShouldBeCompletedSleepAtTheRecordTime()
    {
        var last = LastAction.Derive([Service("clickhouse", 0, 0, 1), Service("worker", 0, 0, 2)]);

        Assert.NotNull(last);
        Assert.Equal(("sleep", "completed"), (last.Action, last.Outcome));
        Assert.Equal(SleptAt, last.At);
        Assert.Contains("clickhouse 1, worker 2", last.Detail);
    }

    [Fact]
    public void Derive_WhenRecordsAndTasksStillRunning_ShouldBeSleepInProgress()
    {
        var last = LastAction.Derive([Service("clickhouse", 0, 1, 1), Service("worker", 0, 0, 2)]);

        Assert.Equal(("sleep", "in-progress"), (last!.Action, last.Outcome));
        Assert.Contains("1 task still stopping", last.Detail);
    }

    [Fact]
    public void Derive_WhenRecordRemainsOnAStartingService_ShouldBeWakeInProgress()
    {
        var last = LastAction.Derive([Service("clickhouse", 1, 0, 1, rollout: "IN_PROGRESS"), Service("worker", 0, 0, 2)]);

        Assert.Equal(("wake", "in-progress"), (last!.Action, last.Outcome));
        Assert.Equal(EventAt, last.At);
        Assert.Contains("clickhouse running 0 of 1 (restore record kept until it runs)", last.Detail);
    }

    [Fact]
    public void Derive_WhenRolloutFailed_ShouldBeFailedWakeWithTheReason()
    {
        var last = LastAction.Derive([Service("clickhouse", 1, 0, 1, rollout: "FAILED", reason: "ECS deployment circuit breaker: tasks failed to start.")]);

        Assert.Equal(("wake", "failed"), (last!.Action, last.Outcome));
        Assert.Contains("circuit breaker", last.Detail);
    }

    [Fact]
    public void Derive_WhenNoRecordAndAllRunning_ShouldBeCompletedWake()
    {
        var last = LastAction.Derive([Service("clickhouse", 1, 1), Service("worker", 2, 2)]);

        Assert.Equal(("wake", "completed"), (last!.Action, last.Outcome));
    }

    [Fact]
    public void Derive_WhenStoppedWithoutRecords_ShouldSayUnrecorded()
    {
        var last = LastAction.Derive([Service("clickhouse", 0, 0), Service("worker", 0, 0)]);

        Assert.Equal(("sleep", "unrecorded"), (last!.Action, last.Outcome));
        Assert.Contains("DEFAULT_DESIRED_COUNT", last.Detail);
    }

    [Fact]
    public void Derive_WhenNoServices_ShouldBeNull()
    {
        Assert.Null(LastAction.Derive([]));
    }
}
