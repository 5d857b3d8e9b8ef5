using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Checks;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;
using LangfuseLifecycle.Core.Migration.Steps;
using LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

public class PreflightStepTests
{
    private readonly FakeDatabaseSnapshots _database = new();
    private readonly FakeWebService _web = new();
    private readonly FakeMigrationBackend _backend = new();
    private readonly FakeMigrationExecutions _executions = new();

    private PreflightStep Step => new(_database, _web, _backend, _executions);

    [Fact]
    public async Task RunAsync_WhenInstallationIsReady_ShouldReturnThePlanAndChangeNothing()
    {
        var plan = await Step.RunAsync(MigrationSamples.Settings(), MigrationSamples.Execution(), CancellationToken.None);

        Assert.Equal("langfuse-pre-v3-2026-11-29-v3", plan.SnapshotIdentifier);
        Assert.Empty(_web.Updates);
        Assert.Empty(_database.Created);
        Assert.Empty(_backend.Calls);
    }

    [Fact]
    public async Task RunAsync_WhenAPreflightCheckFindsAProblem_ShouldRefuseWithItBesideTheRulesProblems()
    {
        // Arrange: the web is paused (a rule) and the v3 role may not read SALT (the IAM check).
        _web.Service = MigrationSamples.Web("PAUSED");
        var simulator = new FakePermissionSimulator();
        simulator.Denied.Add((SecretReadability.GetSecretValue, MigrationSamples.SecretPrefix + "salt-AbCdEf"));
        var step = new PreflightStep(_database, _web, _backend, _executions, [new SecretReadability(simulator)]);

        // Act
        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => step.RunAsync(MigrationSamples.Settings(), MigrationSamples.Execution(), CancellationToken.None));

        // Assert
        Assert.Contains(error.Problems, problem => problem.Problem.Contains("PAUSED", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Problem.Contains("salt-AbCdEf (SALT)", StringComparison.Ordinal));
        Assert.Empty(_web.Updates);
    }

    [Fact]
    public async Task RunAsync_WhenSettingsAreMalformed_ShouldFailBeforeAnyAwsCall()
    {
        var settings = MigrationSamples.Settings() with { DatabaseIdentifier = "", V3WebImage = "langfuse/langfuse:latest" };

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => Step.RunAsync(settings, MigrationSamples.Execution(), CancellationToken.None));

        Assert.Equal(["databaseIdentifier", "v3WebImage"], error.Problems.Select(p => p.Field));
        Assert.Equal(0, _database.DescribeCalls);
        Assert.Equal(0, _executions.Calls);
    }

    [Fact]
    public async Task RunAsync_WhenAnotherExecutionIsRunning_ShouldThrowMigrationAlreadyRunning()
    {
        var execution = MigrationSamples.Execution("second");
        _executions.Running.AddRange([execution.ExecutionArn, "arn:aws:states:eu-west-1:123456789012:execution:langfuse-migration:first"]);

        var error = await Assert.ThrowsAsync<MigrationAlreadyRunningException>(() => Step.RunAsync(MigrationSamples.Settings(), execution, CancellationToken.None));

        Assert.Contains(":first", error.Message);
        Assert.Equal(0, _database.DescribeCalls);
    }

    [Fact]
    public async Task RunAsync_WhenOnlyThisExecutionIsRunning_ShouldProceed()
    {
        var execution = MigrationSamples.Execution();
        _executions.Running.Add(execution.ExecutionArn);

        var plan = await Step.RunAsync(MigrationSamples.Settings(), execution, CancellationToken.None);

        Assert.NotNull(plan);
    }

    [Fact]
    public async Task RunAsync_WhenObservedStateBlocks_ShouldThrowWithEveryProblem()
    {
        _database.Database = null;
        _web.Service = MigrationSamples.Web("PAUSED");

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => Step.RunAsync(MigrationSamples.Settings(), MigrationSamples.Execution(), CancellationToken.None));

        Assert.Equal(["databaseIdentifier", "webServiceArn"], error.Problems.Select(p => p.Field));
        Assert.Contains("nothing was changed", error.Message);
    }

    [Fact]
    public async Task RunAsync_WhenNoServiceSubnetIsInTheFileSystemAz_ShouldRefuse()
    {
        _backend.FileSystem = _backend.FileSystem! with { SubnetIdsInZone = [] };

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => Step.RunAsync(MigrationSamples.Settings(), MigrationSamples.Execution(), CancellationToken.None));

        Assert.Equal("clickHouseFileSystemId", Assert.Single(error.Problems).Field);
    }
}

public class SnapshotStepTests
{
    private readonly FakeDatabaseSnapshots _snapshots = new();
    private static readonly DatabaseTarget Database = new("langfuse-db", DatabaseKind.AuroraCluster);

    [Fact]
    public async Task EnsureAsync_WhenSnapshotDoesNotExist_ShouldCreateItTagged()
    {
        var snapshot = await new SnapshotStep(_snapshots).EnsureAsync(Database, "langfuse-pre-v3-run", "arn:execution", CancellationToken.None);

        Assert.Equal("creating", snapshot.Status);
        var created = Assert.Single(_snapshots.Created);
        Assert.Equal("arn:execution", created.Tags[SnapshotStep.ExecutionTag]);
    }

    [Fact]
    public async Task EnsureAsync_WhenRetried_ShouldFindTheSnapshotInsteadOfMakingASecond()
    {
        var step = new SnapshotStep(_snapshots);
        await step.EnsureAsync(Database, "langfuse-pre-v3-run", "arn:execution", CancellationToken.None);
        _snapshots.Snapshots["langfuse-pre-v3-run"] = new SnapshotObservation("langfuse-pre-v3-run", "available", "");

        var snapshot = await step.EnsureAsync(Database, "langfuse-pre-v3-run", "arn:execution", CancellationToken.None);

        Assert.Equal("available", snapshot.Status);
        Assert.Single(_snapshots.Created);
    }
}

public class BackendStepTests
{
    private readonly FakeMigrationBackend _backend = new();
    private readonly BackendTarget _target = MigrationSamples.Plan().Backend;

    [Fact]
    public async Task WakeAsync_WhenWorkerIsAskedBeforeClickHouseIsSteady_ShouldRefuseAndNotStartIt()
    {
        var error = await Assert.ThrowsAsync<BackendWakeFailedException>(() =>
            new BackendStep(_backend).WakeAsync(_target, BackendComponent.Worker, backgroundMigrations: false, CancellationToken.None));

        Assert.Contains("only after ClickHouse is steady", error.Message);
        Assert.Empty(_backend.Calls);
    }

    [Fact]
    public async Task WakeAsync_WhenClickHouseIsSteady_ShouldStartTheWorkerWithBackgroundMigrationsOff()
    {
        _backend.ClickHouseSteady = true;

        var status = await new BackendStep(_backend).WakeAsync(_target, BackendComponent.Worker, backgroundMigrations: false, CancellationToken.None);

        Assert.Equal(["wake-worker background-migrations=False"], _backend.Calls);
        Assert.Equal(BackendComponent.Worker, status.Component);
    }

    [Fact]
    public async Task EnableBackgroundMigrationsAsync_WhenCalled_ShouldTurnThemOn()
    {
        await new BackendStep(_backend).EnableBackgroundMigrationsAsync(_target, CancellationToken.None);

        Assert.Equal(["background-migrations=True"], _backend.Calls);
    }
}

public class HealthStepTests
{
    private readonly FakeHealthProbe _probe = new();
    private readonly MigrationPlan _plan = MigrationSamples.Plan();

    [Fact]
    public async Task ProbeWebAsync_WhenBothEndpointsAnswer_ShouldCountASuccess()
    {
        var progress = await new HealthStep(_probe).ProbeWebAsync(_plan.Web.ServiceUrl, _plan.Limits, HealthProgress.Start, CancellationToken.None);

        Assert.Equal(1, progress.ConsecutiveSuccesses);
        Assert.Equal(["https://abc123.eu-west-1.awsapprunner.com/api/public/health", "https://abc123.eu-west-1.awsapprunner.com/api/public/ready"],
            _probe.Probed.Select(uri => uri.ToString()));
    }

    [Fact]
    public async Task ProbeBackendAsync_WhenTheWorkerFails_ShouldResetTheRunAndReportIt()
    {
        _probe.IsHealthy = uri => uri.Port != 3030;
        var progress = new HealthProgress(2, 2, HealthProgress.Probing, "");

        var next = await new HealthStep(_probe).ProbeBackendAsync(_plan.Backend, _plan.Limits, progress, CancellationToken.None);

        Assert.Equal(0, next.ConsecutiveSuccesses);
        Assert.Contains("/api/health 503", next.Detail);
        Assert.Contains("/ping 200", next.Detail);
    }
}

public class WebSwitchStepTests
{
    private static readonly WebConfiguration V2 = MigrationSamples.V2Configuration();
    private readonly FakeWebService _web;
    private readonly FakeWebConfigurationRecords _records;
    private readonly MigrationPlan _plan = MigrationSamples.Plan();

    public WebSwitchStepTests()
    {
        var log = new List<string>();
        _web = new FakeWebService { Log = log };
        _records = new FakeWebConfigurationRecords { Log = log };
    }

    private WebSwitchStep Step => new(_web, _records);

    [Fact]
    public async Task SwitchToV3Async_WhenWebRunsV2_ShouldRecordV2ThenStartOneUpdateToTheV3Configuration()
    {
        var operation = await Step.SwitchToV3Async(_plan.Web, CancellationToken.None);

        Assert.Equal("IN_PROGRESS", operation.Status);
        Assert.True(Assert.Single(_web.Updates).SameAs(_plan.Web.After(V2)));
        Assert.True(_records.Stored[_plan.Web.V2Record].SameAs(V2));
        Assert.Equal(["record " + _plan.Web.V2Record, "update " + MigrationSamples.V3Image], _web.Log);
    }

    [Fact]
    public async Task SwitchToV3Async_WhenRetriedWhileItsUpdateRuns_ShouldReturnThatOperationWithoutUpdatingAgain()
    {
        var step = Step;
        var first = await step.SwitchToV3Async(_plan.Web, CancellationToken.None);

        var second = await step.SwitchToV3Async(_plan.Web, CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        Assert.Single(_web.Updates);
    }

    [Fact]
    public async Task SwitchToV3Async_WhenRetriedAfterItsUpdateEnded_ShouldKeepTheFirstRecordAndNotUpdateAgain()
    {
        _records.Stored[_plan.Web.V2Record] = V2;
        _web.Service = MigrationSamples.Web("RUNNING", _plan.Web.After(V2));

        await Step.SwitchToV3Async(_plan.Web, CancellationToken.None);

        Assert.Empty(_web.Updates);
        Assert.True(_records.Stored[_plan.Web.V2Record].SameAs(V2));
    }

    [Fact]
    public async Task SwitchToV3Async_WhenServiceIsPaused_ShouldThrowWebSwitchFailed()
    {
        _web.Service = MigrationSamples.Web("PAUSED");

        await Assert.ThrowsAsync<WebSwitchFailedException>(() => Step.SwitchToV3Async(_plan.Web, CancellationToken.None));
        Assert.Empty(_web.Updates);
    }

    [Fact]
    public async Task SettleAsync_WhenV2WasRecorded_ShouldSendTheSettledV3Configuration()
    {
        _records.Stored[_plan.Web.V2Record] = V2;
        _web.Service = MigrationSamples.Web("RUNNING", _plan.Web.After(V2));

        await Step.SettleAsync(_plan.Web, CancellationToken.None);

        var settled = Assert.Single(_web.Updates);
        Assert.True(settled.SameAs(_plan.Web.Settled(V2)));
        Assert.Equal("true", settled.EnvironmentVariables[WebV3Configuration.AutoClickHouseMigrationDisabled]);
    }

    [Fact]
    public async Task SettleAsync_WhenNothingWasRecorded_ShouldThrowWebSwitchFailedNamingTheParameter()
    {
        _web.Service = MigrationSamples.Web("RUNNING", _plan.Web.After(V2));

        var error = await Assert.ThrowsAsync<WebSwitchFailedException>(() => Step.SettleAsync(_plan.Web, CancellationToken.None));

        Assert.Contains(_plan.Web.V2Record, error.Message);
        Assert.Empty(_web.Updates);
    }

    [Fact]
    public async Task RollBackAsync_WhenAnOperationIsStillRunning_ShouldThrowWebServiceBusy()
    {
        _records.Stored[_plan.Rollback.V2Record] = V2;
        _web.Service = MigrationSamples.Web("OPERATION_IN_PROGRESS", _plan.Web.After(V2));

        await Assert.ThrowsAsync<WebServiceBusyException>(() => Step.RollBackAsync(_plan.Rollback, CancellationToken.None));
        Assert.Empty(_web.Updates);
    }

    [Fact]
    public async Task RollBackAsync_WhenAppRunnerAlreadyRestoredV2_ShouldSucceedWithoutAnUpdate()
    {
        _records.Stored[_plan.Rollback.V2Record] = V2;

        var operation = await Step.RollBackAsync(_plan.Rollback, CancellationToken.None);

        Assert.Equal(WebSwitchStep.AlreadyInPlace, operation);
        Assert.Empty(_web.Updates);
    }

    [Fact]
    public async Task RollBackAsync_WhenTheSwitchRecordedNothing_ShouldChangeNothing()
    {
        var operation = await Step.RollBackAsync(_plan.Rollback, CancellationToken.None);

        Assert.Equal(WebSwitchStep.AlreadyInPlace, operation);
        Assert.Empty(_web.Updates);
    }

    [Fact]
    public async Task RollBackAsync_WhenTheServiceWasPausedBeforeTheSwitchChangedIt_ShouldLeaveItToTheProbe()
    {
        _records.Stored[_plan.Rollback.V2Record] = V2;
        _web.Service = MigrationSamples.Web("PAUSED");

        var operation = await Step.RollBackAsync(_plan.Rollback, CancellationToken.None);

        Assert.Equal(WebSwitchStep.AlreadyInPlace, operation);
        Assert.Empty(_web.Updates);
    }

    [Fact]
    public async Task RollBackAsync_WhenV3Serves_ShouldRestoreTheRecordedV2Configuration()
    {
        _records.Stored[_plan.Rollback.V2Record] = V2;
        _web.Service = MigrationSamples.Web("RUNNING", _plan.Web.After(V2));

        var operation = await Step.RollBackAsync(_plan.Rollback, CancellationToken.None);

        Assert.Equal("IN_PROGRESS", operation.Status);
        Assert.True(Assert.Single(_web.Updates).SameAs(V2));
    }

    [Fact]
    public async Task OperationStatusAsync_WhenOperationIsUnknown_ShouldNameOperationId()
    {
        var error = await Assert.ThrowsAsync<InvalidStepInputException>(() =>
            Step.OperationStatusAsync(_plan.Web.ServiceArn, "op-missing", CancellationToken.None));

        Assert.StartsWith("operationId:", error.Message);
    }
}

public class MigrationReportTests
{
    [Fact]
    public void Build_WhenEveryPhaseStarted_ShouldEndEachPhaseWhereTheNextBegins()
    {
        var start = new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero);
        var starts = MigrationSummaryBuilder.PhaseOrder.Select((phase, i) => (phase, at: start.AddMinutes(i * 10))).ToDictionary(p => p.phase, p => p.at);
        var plan = MigrationSamples.Plan();

        var summary = MigrationSummaryBuilder.Build(plan, "run", plan.SnapshotIdentifier, starts, start.AddMinutes(55));

        Assert.Equal(MigrationSummaryBuilder.Migrated, summary.Outcome);
        Assert.Equal(6, summary.Phases.Count);
        Assert.Equal(start.AddMinutes(10), summary.Phases[0].EndedAt);
        Assert.Equal(TimeSpan.FromMinutes(5), summary.Phases[^1].Duration);
        Assert.Equal(MigrationSamples.V2Image, summary.WebBefore.ImageIdentifier);
        Assert.Equal(MigrationSamples.V3Image, summary.WebAfter.ImageIdentifier);
    }

    [Fact]
    public void Build_WhenAPhaseNeverStarted_ShouldNamePhases()
    {
        var plan = MigrationSamples.Plan();

        var error = Assert.Throws<InvalidStepInputException>(() =>
            MigrationSummaryBuilder.Build(plan, "run", plan.SnapshotIdentifier, new Dictionary<string, DateTimeOffset>(), DateTimeOffset.UnixEpoch));

        Assert.StartsWith("phases:", error.Message);
    }
}
