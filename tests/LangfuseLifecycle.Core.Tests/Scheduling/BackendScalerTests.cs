using LangfuseLifecycle.Testing;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Core.Tests.TestHelpers;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class BackendScalerTests
{
    private static async Task<(FakeBackend Backend, TestClock Time)> AsleepAsync(DateTimeOffset? now = null)
    {
        var backend = FakeBackend.Langfuse();
        var time = new TestClock(now ?? SchedulingFactory.MondayMorningTokyo);
        await SchedulingFactory.Sleep(backend, time).ExecuteAsync(new SleepOptions(), CancellationToken.None);
        backend.Calls.Clear();
        return (backend, time);
    }

    [Fact]
    public async Task HandleAsync_WhenWakeOnHoliday_ShouldSkipWithReasonAndCallNothing()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time, SchedulingFactory.Settings(holidays: "2026-11-30"));

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Skipped, summary.Outcome);
        Assert.Contains("2026-11-30 is a holiday in Asia/Tokyo", summary.SkipReason);
        Assert.Empty(backend.Changes);
        Assert.Single(backend.PublishedEvents);
    }

    [Fact]
    public async Task HandleAsync_WhenForcedWakeOnHoliday_ShouldWake()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time, SchedulingFactory.Settings(holidays: "2026-11-30"));

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake", Force: true), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(2, backend[FakeBackend.Worker].Desired);
    }

    [Fact]
    public async Task HandleAsync_WhenWakeForHours_ShouldScheduleTheSleepBeforeWakingAndKeepAwakeUntilThen()
    {
        // Arrange
        var (backend, time) = await AsleepAsync(new DateTimeOffset(2026, 11, 30, 19, 10, 30, TimeSpan.FromHours(9)));
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake", ForHours: 3, Reason: "incident review"), CancellationToken.None);

        // Assert
        var schedule = Assert.Single(backend.Schedules);
        Assert.Equal("langfuse-sleep-at-20261130T1311Z", schedule.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 13, 11, 0, TimeSpan.Zero), schedule.At);
        Assert.Equal("sleep", schedule.Action);
        Assert.True(backend.Calls.IndexOf($"CreateSchedule {schedule.Name}") < backend.Calls.FindIndex(call => call.StartsWith("UpdateService", StringComparison.Ordinal)));
        Assert.Equal(schedule.At, KeepAwakeOverride.FromTags(backend[FakeBackend.ClickHouse].Tags)!.Until);
        Assert.Equal(schedule.At, summary.Overrides!.KeepAwakeUntil);
        Assert.Equal(2, backend[FakeBackend.Worker].Desired);
    }

    [Fact]
    public async Task HandleAsync_WhenScheduledSleepFallsInsideWakeForHours_ShouldSkipItUntilTheOneTimeSleep()
    {
        // Arrange: woken at 19:00 for 3 hours; the 20:00 scheduled sleep comes inside that window.
        var (backend, time) = await AsleepAsync(new DateTimeOffset(2026, 11, 30, 19, 0, 0, TimeSpan.FromHours(9)));
        var scaler = SchedulingFactory.Scaler(backend, time);
        await scaler.HandleAsync(new ScalerRequest("wake", ForHours: 3), CancellationToken.None);

        // Act
        time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.FromHours(9)));
        var scheduled = await scaler.HandleAsync(new ScalerRequest("sleep"), CancellationToken.None);
        time.SetUtcNow(backend.Schedules[0].At);
        var oneTime = await scaler.HandleAsync(new ScalerRequest("sleep", Reason: backend.Schedules[0].Reason), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Skipped, scheduled.Outcome);
        Assert.Equal(ScalerOutcome.Completed, oneTime.Outcome);
        Assert.Equal(0, backend[FakeBackend.ClickHouse].Desired);
        Assert.Equal(2, RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags)!.DesiredCount);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public async Task HandleAsync_WhenTheOneTimeSleepOfWakeForHoursArrivesAroundItsTime_ShouldNotBeSkippedByItsOwnKeepAwake(int secondsFromSleepAt)
    {
        // Arrange: the keep-awake and the at() sleep end at the same instant; Scheduler's clock may deliver the sleep a moment early.
        var (backend, time) = await AsleepAsync(new DateTimeOffset(2026, 11, 30, 19, 0, 0, TimeSpan.FromHours(9)));
        var scaler = SchedulingFactory.Scaler(backend, time);
        await scaler.HandleAsync(new ScalerRequest("wake", ForHours: 3), CancellationToken.None);
        var schedule = Assert.Single(backend.Schedules);
        time.SetUtcNow(schedule.At.AddSeconds(secondsFromSleepAt));

        // Act: the event the schedule sends.
        var oneTime = await scaler.HandleAsync(
            new ScalerRequest(schedule.Action, Reason: schedule.Reason, EndsKeepAwake: schedule.EndsKeepAwake!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
            CancellationToken.None);

        // Assert
        Assert.Equal(schedule.At, schedule.EndsKeepAwake);
        Assert.Equal(ScalerOutcome.Completed, oneTime.Outcome);
        Assert.Equal(0, backend[FakeBackend.ClickHouse].Desired);
        Assert.Equal(0, backend[FakeBackend.Worker].Desired);
        Assert.Null(KeepAwakeOverride.FromTags(backend[FakeBackend.ClickHouse].Tags));
    }

    [Fact]
    public async Task HandleAsync_WhenKeepAwakeWasExtendedAfterWakeForHours_ShouldStillSkipTheOneTimeSleep()
    {
        // Arrange: an operator asked for longer after the wake-for-hours; that later override is not the one the sleep ends.
        var (backend, time) = await AsleepAsync(new DateTimeOffset(2026, 11, 30, 19, 0, 0, TimeSpan.FromHours(9)));
        var scaler = SchedulingFactory.Scaler(backend, time);
        await scaler.HandleAsync(new ScalerRequest("wake", ForHours: 3), CancellationToken.None);
        await scaler.HandleAsync(new ScalerRequest("keep-awake", Until: "2026-11-30T23:30"), CancellationToken.None);
        var schedule = Assert.Single(backend.Schedules);
        time.SetUtcNow(schedule.At.AddSeconds(-1));

        // Act
        var oneTime = await scaler.HandleAsync(new ScalerRequest("sleep", EndsKeepAwake: "2026-11-30T13:00:00Z"), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Skipped, oneTime.Outcome);
        Assert.Equal(1, backend[FakeBackend.ClickHouse].Desired);
    }

    [Fact]
    public async Task HandleAsync_WhenEndsKeepAwakeIsSentWithWake_ShouldRefuseNamingTheField()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var exception = await Assert.ThrowsAsync<InvalidScalerRequestException>(() => scaler.HandleAsync(new ScalerRequest("wake", EndsKeepAwake: "2026-11-30T13:00:00Z"), CancellationToken.None));

        // Assert
        Assert.Equal("endsKeepAwake", exception.Field);
        Assert.Empty(backend.Changes);
    }

    [Fact]
    public async Task HandleAsync_WhenKeepAwake_ShouldWakeAndSkipSleepsUntilThen()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var keepAwake = await scaler.HandleAsync(new ScalerRequest("keep-awake", Until: "2026-12-02T22:00", Reason: "release"), CancellationToken.None);
        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.FromHours(9)));
        var tuesdaySleep = await scaler.HandleAsync(new ScalerRequest("sleep"), CancellationToken.None);
        time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.FromHours(9)));
        var thursdaySleep = await scaler.HandleAsync(new ScalerRequest("sleep"), CancellationToken.None);

        // Assert
        Assert.Equal("keep-awake", keepAwake.Action);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero), keepAwake.Overrides!.KeepAwakeUntil);
        Assert.Equal(ScalerOutcome.Skipped, tuesdaySleep.Outcome);
        Assert.Equal(ScalerOutcome.Completed, thursdaySleep.Outcome);
    }

    [Fact]
    public async Task HandleAsync_WhenWakeForHoursWithoutSchedulePort_ShouldRefuseBeforeAnyBackendCall()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time, withSchedules: false);

        // Act
        var exception = await Assert.ThrowsAsync<InvalidScalerConfigurationException>(() => scaler.HandleAsync(new ScalerRequest("wake", ForHours: 2), CancellationToken.None));

        // Assert: only the refusal is announced.
        Assert.Contains("SCALER_FUNCTION_ARN", exception.Message);
        Assert.Equal(["PutEvents wake"], backend.Calls);
        Assert.Equal(ScalerOutcome.Refused, Assert.Single(backend.PublishedEvents).Outcome);
    }

    [Fact]
    public async Task HandleAsync_WhenRequestInvalid_ShouldAnnounceTheRefusalWithFieldAndFixAndCallNothingElse()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        await Assert.ThrowsAsync<InvalidScalerRequestException>(() => scaler.HandleAsync(new ScalerRequest("wake", ForHours: -3, Reason: "demo"), CancellationToken.None));

        // Assert
        Assert.Equal(["PutEvents wake"], backend.Calls);
        var refused = Assert.Single(backend.PublishedEvents);
        Assert.Equal(ScalerOutcome.Refused, refused.Outcome);
        Assert.Equal("demo", refused.Reason);
        Assert.Equal(nameof(InvalidScalerRequestException), refused.Error!.Type);
        Assert.Equal("Invalid scaler request: 'forHours' is -3.", refused.Error.Message);
        Assert.StartsWith("give a number of hours greater than 0", refused.Error.Fix);
    }

    [Fact]
    public async Task HandleAsync_WhenWakeFails_ShouldAnnounceTheFailureAndRethrowTheOriginalError()
    {
        // Arrange: no subnet in the file system's zone, so the wake refuses to start ClickHouse.
        var backend = FakeBackend.Langfuse(2, 1, null, FakeBackend.SubnetC);
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        await SchedulingFactory.Sleep(backend, time).ExecuteAsync(new SleepOptions(), CancellationToken.None);
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var exception = await Assert.ThrowsAsync<ClickHouseAvailabilityZoneMismatchException>(() => scaler.HandleAsync(new ScalerRequest("wake", Reason: "schedule"), CancellationToken.None));

        // Assert
        var failed = Assert.Single(backend.PublishedEvents);
        Assert.Equal("wake", failed.Action);
        Assert.Equal(ScalerOutcome.Failed, failed.Outcome);
        Assert.Equal("schedule", failed.Reason);
        Assert.Equal(nameof(ClickHouseAvailabilityZoneMismatchException), failed.Error!.Type);
        Assert.Contains(FakeBackend.SubnetC, exception.Message);
    }

    [Fact]
    public async Task HandleAsync_WhenFailureCannotBeAnnounced_ShouldStillThrowTheActionsError()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        backend.PublishFailure = new InvalidOperationException("bus gone");
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act / Assert
        await Assert.ThrowsAsync<InvalidScalerRequestException>(() => scaler.HandleAsync(new ScalerRequest("nap"), CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_WhenDryRunRefused_ShouldAnnounceNothing()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        await Assert.ThrowsAsync<InvalidScalerRequestException>(() => scaler.HandleAsync(new ScalerRequest("wake", DryRun: true, ForHours: -1), CancellationToken.None));

        // Assert
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task HandleAsync_WhenWakeEndsASleep_ShouldReportSinceWhenEachServiceSlept()
    {
        // Arrange
        var (backend, time) = await AsleepAsync(SchedulingFactory.MondayMorningTokyo.AddHours(-12));
        time.Advance(TimeSpan.FromHours(12));
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);

        // Assert
        Assert.All(summary.Services, service => Assert.Equal(SchedulingFactory.MondayMorningTokyo.AddHours(-12), service.AsleepSince));
    }

    [Fact]
    public async Task HandleAsync_WhenStatus_ShouldReportCountsRecordsPlacementAndOverrides()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(2, 1, null, FakeBackend.SubnetA, FakeBackend.SubnetC);
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        await SchedulingFactory.Sleep(backend, time).ExecuteAsync(new SleepOptions(), CancellationToken.None);
        backend.Calls.Clear();
        var scaler = SchedulingFactory.Scaler(backend, time, SchedulingFactory.Settings(holidays: "2026-11-30"));

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("status"), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Reported, summary.Outcome);
        Assert.Empty(backend.Changes);
        var worker = summary.Services.Single(service => service.Role == ServiceRole.Worker);
        Assert.Equal((0, 0, 2), (worker.DesiredAfter, worker.RunningCount, worker.RestoreCountRecorded));
        Assert.False(summary.ClickHousePlacement!.Pinned);
        Assert.Equal([FakeBackend.SubnetC], summary.ClickHousePlacement.OutOfZoneSubnets);
        Assert.True(summary.Overrides!.HolidayToday);
        Assert.Contains(summary.Warnings, warning => warning.Contains("the next wake removes them", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_WhenPublishingFails_ShouldReturnTheSummaryWithAWarning()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        backend.PublishFailure = new InvalidOperationException("bus missing");
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Contains(summary.Warnings, warning => warning.Contains("bus missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_WhenDryRun_ShouldNotPublishOrSchedule()
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake", DryRun: true, ForHours: 2), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Planned, summary.Outcome);
        Assert.Empty(backend.Changes);
        Assert.Empty(backend.PublishedEvents);
        Assert.Single(summary.Overrides!.OneTimeSchedules!);
    }

    [Theory]
    [InlineData("subnets in another zone")]
    [InlineData("file system missing")]
    [InlineData("subnets deleted")]
    public async Task HandleAsync_WhenWakeForHoursIsRefused_ShouldLeaveNoScheduleAndChangeNothing(string fault)
    {
        // Arrange
        var (backend, time) = await AsleepAsync();
        var tagsBefore = backend.Services.ToDictionary(pair => pair.Key, pair => new Dictionary<string, string>(pair.Value.Tags));
        switch (fault)
        {
            case "subnets in another zone":
                backend[FakeBackend.ClickHouse].Network = backend[FakeBackend.ClickHouse].Network! with { Subnets = [FakeBackend.SubnetC] };
                break;
            case "file system missing":
                backend.FileSystem = null;
                break;
            default:
                backend.Subnets.Clear();
                break;
        }

        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        await Assert.ThrowsAnyAsync<SchedulingException>(() => scaler.HandleAsync(new ScalerRequest("wake", ForHours: 2), CancellationToken.None));

        // Assert
        Assert.Empty(backend.Schedules);
        Assert.Empty(backend.Changes);
        Assert.All(backend.Services, pair => Assert.Equal(tagsBefore[pair.Key], pair.Value.Tags));
    }

    [Fact]
    public async Task HandleAsync_WhenWakeForHoursFailsAfterStarting_ShouldRemoveItsScheduleAndKeepAwakeAndKeepTheRecords()
    {
        // Arrange: ClickHouse never becomes healthy, so the wake times out after starting it.
        var (backend, time) = await AsleepAsync();
        var topology = FakeBackend.Topology(clickHouseHealth: new Uri("http://clickhouse:8123/ping"));
        backend.UnhealthyProbes["clickhouse"] = int.MaxValue;
        var settings = SchedulingFactory.Settings() with { Wait = new WaitSettings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(50)) };
        var scaler = SchedulingFactory.Scaler(backend, TimeProvider.System, settings, topology);

        // Act
        await Assert.ThrowsAsync<BackendWakeTimeoutException>(() => scaler.HandleAsync(new ScalerRequest("wake", ForHours: 2), CancellationToken.None));

        // Assert
        Assert.Contains(backend.Calls, call => call.StartsWith("CreateSchedule", StringComparison.Ordinal));
        Assert.Empty(backend.Schedules);
        Assert.Null(KeepAwakeOverride.FromTags(backend[FakeBackend.ClickHouse].Tags));
        Assert.Equal(2, RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags)!.DesiredCount);
        Assert.Equal(0, backend[FakeBackend.Worker].Desired);
        _ = time;
    }

    [Fact]
    public async Task HandleAsync_WhenWakeOfStoppedServiceWithoutRecord_ShouldWakeToItsMinimumAndKeepItsRange()
    {
        // Arrange: the worker stopped by hand (no record), its target min 2 max 3.
        var backend = FakeBackend.Langfuse(workerDesired: 0, workerCapacity: new CapacityRange(2, 3));
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        var summary = await scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(2, backend[FakeBackend.Worker].Desired);
        Assert.Equal(new CapacityRange(2, 3), backend.CapacityOf(FakeBackend.Worker));
        Assert.DoesNotContain(backend.Calls, call => call.StartsWith("RegisterScalableTarget worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_WhenSleepThenWake_ShouldSuspendScaleOutAtNightAndRestoreTheUsersSuspendedState()
    {
        // Arrange: the user suspended scale-in themselves.
        var userState = new ScalingSuspension(true, false, false);
        var backend = FakeBackend.Langfuse(workerCapacity: new CapacityRange(1, 4, userState));
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        var scaler = SchedulingFactory.Scaler(backend, time);

        // Act
        await scaler.HandleAsync(new ScalerRequest("sleep"), CancellationToken.None);
        var atNight = backend.CapacityOf(FakeBackend.Worker);
        time.Advance(TimeSpan.FromHours(12));
        await scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);

        // Assert
        Assert.Equal(new CapacityRange(0, 4, new ScalingSuspension(true, true, true)), atNight);
        Assert.Equal(new CapacityRange(1, 4, userState), backend.CapacityOf(FakeBackend.Worker));
    }
}
