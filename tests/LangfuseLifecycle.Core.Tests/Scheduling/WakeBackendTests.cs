using LangfuseLifecycle.Testing;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Core.Tests.TestHelpers;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class WakeBackendTests
{
    private static readonly Uri ClickHouseHealth = new("http://clickhouse.langfuse.local:8123/ping");
    private static readonly Uri WorkerHealth = new("http://worker.langfuse.local:3030/api/health");

    private static async Task<FakeBackend> AsleepAsync(int workerDesired = 2, CapacityRange? workerCapacity = null, params string[] clickHouseSubnets)
    {
        var backend = FakeBackend.Langfuse(workerDesired, 1, workerCapacity, clickHouseSubnets);
        await SchedulingFactory.Sleep(backend).ExecuteAsync(new SleepOptions(), CancellationToken.None);
        backend.Calls.Clear();
        return backend;
    }

    [Fact]
    public async Task ExecuteAsync_WhenAsleep_ShouldStartClickHouseAndWaitForHealthBeforeWorkers()
    {
        // Arrange
        var backend = await AsleepAsync();
        backend.PollsToSettle = 2;
        backend.UnhealthyProbes[ClickHouseHealth.Host] = 2;
        var wake = SchedulingFactory.Wake(backend, topology: FakeBackend.Topology(ClickHouseHealth, WorkerHealth));

        // Act
        await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        var healthy = backend.Calls.FindLastIndex(call => call == $"GET {ClickHouseHealth.Host}");
        var workerStart = backend.Calls.IndexOf("UpdateService worker desired=2");
        Assert.True(backend.Calls.IndexOf("UpdateService clickhouse desired=1") < healthy);
        Assert.True(healthy < workerStart);
        Assert.Equal(3, backend.Calls.Count(call => call == $"GET {ClickHouseHealth.Host}"));
        Assert.Contains($"GET {WorkerHealth.Host}", backend.Calls.Skip(workerStart));
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task ExecuteAsync_WhenAsleep_ShouldRestoreRecordedCountsAndCapacityThenForgetTheRecord()
    {
        // Arrange
        var backend = await AsleepAsync(workerDesired: 3, workerCapacity: new CapacityRange(2, 6));
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var summary = await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        Assert.Equal(3, backend[FakeBackend.Worker].Desired);
        Assert.Equal(new CapacityRange(2, 6), backend.CapacityOf(FakeBackend.Worker));
        Assert.Equal(1, backend[FakeBackend.ClickHouse].Desired);
        Assert.Null(RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags));
        Assert.Null(RestoreRecord.FromTags(backend[FakeBackend.ClickHouse].Tags));
        var worker = summary.Services.Single(service => service.Role == ServiceRole.Worker);
        Assert.Equal((0, 3, 3, "record"), (worker.DesiredBefore, worker.DesiredAfter, worker.RestoreCountUsed, worker.RestoreSource));
        Assert.True(backend.Calls.IndexOf("UpdateService worker desired=3") < backend.Calls.IndexOf("RegisterScalableTarget worker min=2 max=6"));
    }

    [Fact]
    public async Task ExecuteAsync_WhenNoRecord_ShouldWakeToTheDefaultCount()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(workerDesired: 0, clickHouseDesired: 0);
        backend.Capacities.Clear();
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var summary = await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        Assert.Equal(1, backend[FakeBackend.Worker].Desired);
        Assert.Equal(1, backend[FakeBackend.ClickHouse].Desired);
        Assert.All(summary.Services, service => Assert.Equal("default", service.RestoreSource));
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseSubnetsDriftedAcrossZones_ShouldKeepOnlyInZoneSubnetsWithSecurityGroupsAndPublicIp()
    {
        // Arrange
        var backend = await AsleepAsync(2, null, FakeBackend.SubnetA, FakeBackend.SubnetC, FakeBackend.SubnetA2);
        backend[FakeBackend.ClickHouse].Network = backend[FakeBackend.ClickHouse].Network! with { AssignPublicIp = true };
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var summary = await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        var network = backend[FakeBackend.ClickHouse].Network!;
        Assert.Equal([FakeBackend.SubnetA, FakeBackend.SubnetA2], network.Subnets);
        Assert.Equal(["sg-clickhouse"], network.SecurityGroups);
        Assert.True(network.AssignPublicIp);
        var clickHouse = summary.Services.Single(service => service.Role == ServiceRole.ClickHouse);
        Assert.True(clickHouse.SubnetsChanged);
        Assert.Equal([FakeBackend.SubnetC], summary.ClickHousePlacement!.OutOfZoneSubnets);
        Assert.Contains("UpdateService clickhouse desired=1 subnets=subnet-aaaa,subnet-aaa2", backend.Calls);
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task ExecuteAsync_WhenNoSubnetInFileSystemZone_ShouldRefuseNamingZoneAndSubnetsAndChangeNothing()
    {
        // Arrange
        var backend = await AsleepAsync(2, null, FakeBackend.SubnetC);
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var exception = await Assert.ThrowsAsync<ClickHouseAvailabilityZoneMismatchException>(() => wake.ExecuteAsync(new WakeOptions(), CancellationToken.None));

        // Assert
        Assert.Contains("apne1-az4 (ap-northeast-1a)", exception.Message);
        Assert.Contains(FakeBackend.SubnetC, exception.Message);
        Assert.Empty(backend.Changes);
        Assert.Equal(0, backend[FakeBackend.Worker].Desired);
    }

    [Fact]
    public async Task ExecuteAsync_WhenZoneNamesDifferButIdsMatch_ShouldCompareByZoneId()
    {
        // Arrange: another account maps apne1-az4 to the name ap-northeast-1c.
        var backend = await AsleepAsync();
        backend.Subnets[FakeBackend.SubnetA] = new SubnetPlacement(FakeBackend.SubnetA, "ap-northeast-1c", FakeBackend.ZoneA);
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var summary = await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        Assert.True(summary.ClickHousePlacement!.Pinned);
        Assert.Equal(1, backend[FakeBackend.ClickHouse].Desired);
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseDesiredIsTwo_ShouldRefuseAndChangeNothing()
    {
        // Arrange
        var backend = FakeBackend.Langfuse(workerDesired: 0, clickHouseDesired: 2);
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var exception = await Assert.ThrowsAsync<ClickHouseTaskLimitExceededException>(() => wake.ExecuteAsync(new WakeOptions(), CancellationToken.None));

        // Assert
        Assert.Contains("desired count is 2", exception.Message);
        Assert.Empty(backend.Changes);
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseScalableTargetAllowsTwo_ShouldRefuseAndChangeNothing()
    {
        // Arrange
        var backend = await AsleepAsync();
        backend.Capacities[$"service/{FakeBackend.Cluster}/{FakeBackend.ClickHouse}"] = new CapacityRange(0, 2);
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var exception = await Assert.ThrowsAsync<ClickHouseTaskLimitExceededException>(() => wake.ExecuteAsync(new WakeOptions(), CancellationToken.None));

        // Assert
        Assert.Contains("allows 2 tasks", exception.Message);
        Assert.Empty(backend.Changes);
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseDeploymentAllowsOverlap_ShouldSetMaximum100Minimum0InTheSameUpdate()
    {
        // Arrange
        var backend = await AsleepAsync();
        backend[FakeBackend.ClickHouse].Limits = new DeploymentLimits(200, 100);
        var wake = SchedulingFactory.Wake(backend);

        // Act
        await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        Assert.Contains("UpdateService clickhouse desired=1 max=100 min=0", backend.Calls);
        Assert.Equal(new DeploymentLimits(100, 0), backend[FakeBackend.ClickHouse].Limits);
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseRunsInWrongZonesWithOverlappingDeployments_ShouldNeverRunTwoTasks()
    {
        // Arrange: awake, drifted, and a 200 % deployment maximum that would start the replacement beside the old task.
        var backend = FakeBackend.Langfuse(2, 1, null, FakeBackend.SubnetA, FakeBackend.SubnetC);
        backend[FakeBackend.ClickHouse].Limits = new DeploymentLimits(200, 100);
        backend.Violations.Clear();
        var wake = SchedulingFactory.Wake(backend);

        // Act
        await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        Assert.Equal(1, backend.MaxClickHouseTasksSeen);
        Assert.Contains("UpdateService clickhouse subnets=subnet-aaaa max=100 min=0", backend.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseNeverHealthy_ShouldTimeOutWithoutStartingWorkers()
    {
        // Arrange
        var backend = await AsleepAsync();
        backend.UnhealthyProbes[ClickHouseHealth.Host] = int.MaxValue;
        using var deadline = new CancellationTokenSource();
        var probes = 0;
        backend.BeforeCall = call =>
        {
            if (call.StartsWith("GET", StringComparison.Ordinal) && ++probes == 5)
            {
                deadline.Cancel();
            }
        };
        var wake = SchedulingFactory.Wake(backend, topology: FakeBackend.Topology(ClickHouseHealth));

        // Act
        var exception = await Assert.ThrowsAsync<BackendWakeTimeoutException>(() => wake.ExecuteAsync(new WakeOptions(), deadline.Token));

        // Assert
        Assert.Equal(WakeStage.ClickHouseHealth, exception.Stage);
        Assert.Contains("no worker was started", exception.Message);
        Assert.Equal(0, backend[FakeBackend.Worker].Desired);
        Assert.Equal(2, RestoreRecord.FromTags(backend[FakeBackend.Worker].Tags)!.DesiredCount);
    }

    [Fact]
    public async Task ExecuteAsync_WhenStageExceedsItsMaximumWait_ShouldTimeOutAtThatStage()
    {
        // Arrange
        var backend = await AsleepAsync();
        backend.PollsToSettle = int.MaxValue;
        // Each poll takes a (fake) second; the stage may take 5: the budget runs on the clock, not on the machine's speed.
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        backend.BeforeCall = call =>
        {
            if (call.StartsWith("DescribeServices", StringComparison.Ordinal))
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        };
        var wait = new WaitSettings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var wake = SchedulingFactory.Wake(backend, time, wait: wait);

        // Act
        var exception = await Assert.ThrowsAsync<BackendWakeTimeoutException>(() => wake.ExecuteAsync(new WakeOptions(), CancellationToken.None));

        // Assert
        Assert.Equal(WakeStage.ClickHouseSteady, exception.Stage);
        Assert.DoesNotContain(backend.Calls, call => call.StartsWith("UpdateService worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_WhenLittleOfTheInvocationRemains_ShouldBoundTheStageByItAndNameStageAndBudget()
    {
        // Arrange: 10 min per stage allowed, but the invocation ends 10.2 s from now and 10 s are kept to report.
        var backend = await AsleepAsync();
        backend.PollsToSettle = int.MaxValue;
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        var wait = new WaitSettings(TimeSpan.FromMilliseconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(10)) { Deadline = time.GetUtcNow().AddSeconds(10.2) };
        var wake = SchedulingFactory.Wake(backend, time, wait: wait);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Act
        var exception = await Assert.ThrowsAsync<BackendWakeTimeoutException>(() => wake.ExecuteAsync(new WakeOptions(), CancellationToken.None));

        // Assert
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the stage was not bounded by the deadline: {clock.Elapsed}");
        Assert.Equal(WakeStage.ClickHouseSteady, exception.Stage);
        Assert.Contains("0.2 s budget (what remained of the invocation minus 10 s to report)", exception.Message);
        Assert.Contains("no worker was started", exception.Message);
        Assert.DoesNotContain(backend.Calls, call => call.StartsWith("UpdateService worker", StringComparison.Ordinal));
    }

    [Fact]
    public void StageBudget_WhenDeadlineIsFarOrNearOrPast_ShouldTakeTheSmallerBoundAndNeverGoBelowZero()
    {
        // Arrange
        var now = SchedulingFactory.MondayMorningTokyo;
        var settings = new WaitSettings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(10));

        // Act
        var unbounded = settings.StageBudget(now);
        var far = (settings with { Deadline = now.AddMinutes(15) }).StageBudget(now);
        var near = (settings with { Deadline = now.AddMinutes(4) }).StageBudget(now);
        var past = (settings with { Deadline = now.AddSeconds(5) }).StageBudget(now);

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(10), unbounded.Budget);
        Assert.Equal(TimeSpan.FromMinutes(10), far.Budget);
        Assert.Contains("MAX_WAIT_PER_STAGE_SECONDS", far.Bound);
        Assert.Equal(TimeSpan.FromSeconds(230), near.Budget);
        Assert.Contains("what remained of the invocation", near.Bound);
        Assert.Equal(TimeSpan.Zero, past.Budget);
    }

    [Fact]
    public async Task ExecuteAsync_WhenClickHouseDeploymentFails_ShouldThrowDeploymentFailedWithoutStartingWorkers()
    {
        // Arrange
        var backend = await AsleepAsync();
        backend.PollsToSettle = int.MaxValue;
        backend[FakeBackend.ClickHouse].RolloutState = "FAILED";
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var exception = await Assert.ThrowsAsync<BackendDeploymentFailedException>(() => wake.ExecuteAsync(new WakeOptions(), CancellationToken.None));

        // Assert
        Assert.Equal(FakeBackend.ClickHouse, exception.Service);
        Assert.Equal(0, backend[FakeBackend.Worker].Desired);
    }

    [Fact]
    public async Task ExecuteAsync_WhenWorkerEnvironmentGiven_ShouldStartWorkersOnANewRevision()
    {
        // Arrange
        var backend = await AsleepAsync();
        var wake = SchedulingFactory.Wake(backend, withTaskDefinitions: true);
        var options = new WakeOptions(WorkerEnvironment: new Dictionary<string, string> { ["LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS"] = "false" });

        // Act
        var summary = await wake.ExecuteAsync(options, CancellationToken.None);

        // Assert
        var (taskDefinition, environment) = Assert.Single(backend.RegisteredTaskDefinitions);
        Assert.EndsWith("task-definition/worker:1", taskDefinition);
        Assert.Equal("false", environment["LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS"]);
        Assert.EndsWith(":override1", backend[FakeBackend.Worker].TaskDefinition);
        Assert.EndsWith(":override1", summary.Services.Single(service => service.Role == ServiceRole.Worker).TaskDefinitionAfter);
        Assert.EndsWith("task-definition/clickhouse:1", backend[FakeBackend.ClickHouse].TaskDefinition);
    }

    [Fact]
    public async Task ExecuteAsync_WhenWorkerEnvironmentGivenWithoutTaskDefinitionPort_ShouldThrowBeforeAnyCall()
    {
        // Arrange
        var backend = await AsleepAsync();
        var wake = SchedulingFactory.Wake(backend);
        var options = new WakeOptions(WorkerEnvironment: new Dictionary<string, string> { ["LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS"] = "false" });

        // Act
        await Assert.ThrowsAsync<WorkerEnvironmentOverrideUnavailableException>(() => wake.ExecuteAsync(options, CancellationToken.None));

        // Assert
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_WhenStartWorkersFalse_ShouldWakeClickHouseOnly()
    {
        // Arrange
        var backend = await AsleepAsync();
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var summary = await wake.ExecuteAsync(new WakeOptions(StartWorkers: false), CancellationToken.None);

        // Assert
        Assert.Equal(1, backend[FakeBackend.ClickHouse].Desired);
        Assert.Equal(0, backend[FakeBackend.Worker].Desired);
        Assert.Single(summary.Services);
    }

    [Fact]
    public async Task ExecuteAsync_WhenDryRun_ShouldPlanSubnetChangeAndChangeNothing()
    {
        // Arrange
        var backend = await AsleepAsync(2, null, FakeBackend.SubnetA, FakeBackend.SubnetC);
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var summary = await wake.ExecuteAsync(new WakeOptions(DryRun: true), CancellationToken.None);

        // Assert
        Assert.Equal(ScalerOutcome.Planned, summary.Outcome);
        Assert.Empty(backend.Changes);
        var clickHouse = summary.Services[0];
        Assert.Equal([FakeBackend.SubnetA], clickHouse.SubnetsAfter);
        Assert.Equal(2, summary.Services[1].DesiredAfter);
    }

    [Fact]
    public async Task ExecuteAsync_WhenFileSystemMissing_ShouldThrowNamingItAndChangeNothing()
    {
        // Arrange
        var backend = await AsleepAsync();
        backend.FileSystem = null;
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var exception = await Assert.ThrowsAsync<ClickHouseFileSystemNotFoundException>(() => wake.ExecuteAsync(new WakeOptions(), CancellationToken.None));

        // Assert
        Assert.Contains("CLICKHOUSE_FILE_SYSTEM_ID", exception.Message);
        Assert.Empty(backend.Changes);
    }

    [Fact]
    public async Task ExecuteAsync_WhenAlreadyAwakeAndPinned_ShouldChangeNothing()
    {
        // Arrange
        var backend = FakeBackend.Langfuse();
        var wake = SchedulingFactory.Wake(backend);

        // Act
        var summary = await wake.ExecuteAsync(new WakeOptions(), CancellationToken.None);

        // Assert
        Assert.Empty(backend.Changes);
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
    }

    [Fact]
    public async Task ExecuteAsync_WhenWakingWithKeepAwakeExtendOnly_ShouldNotShortenALongerOverride()
    {
        // Arrange
        var backend = await AsleepAsync();
        var longer = SchedulingFactory.MondayMorningTokyo.AddHours(10);
        foreach (var (key, value) in new KeepAwakeOverride(longer, "demo day").ToTags())
        {
            backend[FakeBackend.ClickHouse].Tags[key] = value;
        }

        var wake = SchedulingFactory.Wake(backend);

        // Act
        await wake.ExecuteAsync(new WakeOptions(KeepAwake: new KeepAwakeRequest(SchedulingFactory.MondayMorningTokyo.AddHours(2), "short", ExtendOnly: true)), CancellationToken.None);

        // Assert
        Assert.Equal(longer, KeepAwakeOverride.FromTags(backend[FakeBackend.ClickHouse].Tags)!.Until);
    }
}
