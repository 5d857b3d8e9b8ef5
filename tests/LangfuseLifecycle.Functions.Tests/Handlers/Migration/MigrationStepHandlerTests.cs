using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Steps;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Migration;

/// <summary>The snapshot, web switch, rollback, status and probe handlers against moto RDS and the App Runner stand-in.</summary>
public sealed class MigrationStepHandlerTests(MotoFixture moto) : IClassFixture<MotoFixture>, IAsyncLifetime
{
    private readonly AppRunnerStandIn appRunner = AppRunnerStandIn.Start();

    public Task InitializeAsync()
    {
        appRunner.PollsUntilOperationCompletes = 2;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await appRunner.DisposeAsync();

    [Fact]
    public async Task Snapshot_WhenRetried_ShouldFindItsSnapshotInsteadOfCreatingASecond()
    {
        var (installation, plan) = await PlanAsync();
        var handler = MigrationSnapshotHandler.Create(installation.Environment);
        var snapshotEvent = new SnapshotEvent(plan.Database, plan.SnapshotIdentifier, installation.Execution().Id);

        var first = await handler.HandleEventAsync(snapshotEvent, MigrationInstallation.Context(), CancellationToken.None);
        var second = await handler.HandleEventAsync(snapshotEvent, MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal("langfuse-pre-v3-migration-1", first.Identifier);
        Assert.Equal(first.Identifier, second.Identifier);
        var snapshots = await MigrationInstallation.RunPythonAsync(moto.Server, $$"""
            rds = client('rds')
            snaps = rds.describe_db_cluster_snapshots(DBClusterIdentifier='{{installation.Database}}', SnapshotType='manual')['DBClusterSnapshots']
            tags = rds.list_tags_for_resource(ResourceName=snaps[0]['DBClusterSnapshotArn'])['TagList']
            print(json.dumps({'count': len(snaps), 'status': snaps[0]['Status'], 'tags': dict((t['Key'], t['Value']) for t in tags)}))
            """);
        Assert.Equal(1, snapshots.GetProperty("count").GetInt32());
        Assert.Equal("available", second.Status);
        Assert.Equal(installation.Execution().Id, snapshots.GetProperty("tags").GetProperty(SnapshotStep.ExecutionTag).GetString());
    }

    [Fact]
    public async Task Snapshot_WhenTheDatabaseVanished_ShouldThrowSnapshotFailed()
    {
        var (installation, plan) = await PlanAsync();
        var handler = MigrationSnapshotHandler.Create(installation.Environment);

        var error = await Assert.ThrowsAsync<SnapshotFailedException>(() => handler.HandleEventAsync(
            new SnapshotEvent(plan.Database with { Identifier = "gone-db" }, plan.SnapshotIdentifier, "arn:execution"), MigrationInstallation.Context(), CancellationToken.None));

        Assert.Contains("gone-db", error.Message);
    }

    [Fact]
    public async Task SwitchWeb_WhenPolledToTheEnd_ShouldServeTheV3ConfigurationWithVpcEgressAndTheGenerousHealthCheck()
    {
        var (installation, plan) = await PlanAsync();

        var operation = await MigrationSwitchWebHandler.Create(installation.Environment)
            .HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);
        var final = await PollAsync(installation, operation.OperationId);

        Assert.Equal("IN_PROGRESS", operation.Status);
        Assert.Equal("SUCCEEDED", final.Status);
        var service = appRunner.GetService(installation.Web.ServiceArn);
        Assert.Equal(MigrationInstallation.V3Image, service.ImageIdentifier);
        Assert.Equal("VPC", service.EgressType);
        Assert.Equal(plan.Web.Changes.VpcConnectorArn, service.VpcConnectorArn);
        Assert.Equal("false", service.EnvironmentVariables["CLICKHOUSE_CLUSTER_ENABLED"]);
        Assert.Equal(MigrationInstallation.SecretPrefix + "clickhouse", service.Secrets["CLICKHOUSE_PASSWORD"]);
        Assert.Equal(MigrationInstallation.SecretPrefix + "salt", service.Secrets["SALT"]);
        Assert.Equal(new AppRunnerHealthCheck("HTTP", "/api/public/health", 20, 20, 1, 20), service.HealthCheck);
    }

    [Fact]
    public async Task SwitchWeb_BeforeItChangesTheWeb_ShouldRecordTheV2ConfigurationAsASecureStringUnderTheStackPrefix()
    {
        var (installation, plan) = await PlanAsync();

        await MigrationSwitchWebHandler.Create(installation.Environment)
            .HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal($"/langfuse-lifecycle/{installation.Cluster}/migration/migration-1/web-v2", plan.Web.V2Record);
        var parameter = await MigrationInstallation.RunPythonAsync(moto.Server, $$"""
            p = client('ssm').get_parameter(Name='{{plan.Web.V2Record}}', WithDecryption=True)['Parameter']
            print(json.dumps({'type': p['Type'], 'value': json.loads(p['Value'])}))
            """);
        Assert.Equal("SecureString", parameter.GetProperty("type").GetString());
        var recorded = parameter.GetProperty("value");
        Assert.Equal(MigrationInstallation.V2Image, recorded.GetProperty("imageIdentifier").GetString());
        Assert.Equal("https://langfuse.example.com", recorded.GetProperty("environmentVariables").GetProperty("NEXTAUTH_URL").GetString());
        Assert.Equal("DEFAULT", recorded.GetProperty("egressType").GetString());
    }

    [Fact]
    public async Task SwitchWeb_WhenRetriedAfterItsOperationEnded_ShouldKeepTheV2RecordAndNotUpdateAgain()
    {
        var (installation, plan) = await PlanAsync();
        var handler = MigrationSwitchWebHandler.Create(installation.Environment);
        var first = await handler.HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);
        await PollAsync(installation, first.OperationId);

        await handler.HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal(1, appRunner.CountRequests("UpdateService"));
        var recorded = await MigrationInstallation.RunPythonAsync(moto.Server, $$"""
            p = client('ssm').get_parameter(Name='{{plan.Web.V2Record}}', WithDecryption=True)['Parameter']
            print(json.dumps({'image': json.loads(p['Value'])['imageIdentifier'], 'version': p['Version']}))
            """);
        Assert.Equal(MigrationInstallation.V2Image, recorded.GetProperty("image").GetString());
        Assert.Equal(1, recorded.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task RollbackWeb_WhenTheSwitchNeverRecorded_ShouldChangeNothing()
    {
        var (installation, plan) = await PlanAsync();

        var rollback = await MigrationRollbackWebHandler.Create(installation.Environment)
            .HandleEventAsync(new RollbackWebEvent(plan.Web, plan.Rollback), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal(new WebOperationResult("none", "SUCCEEDED"), rollback);
        Assert.Equal(0, appRunner.CountRequests("UpdateService"));
    }

    [Fact]
    public async Task SwitchWeb_WhenRetriedDuringItsOperation_ShouldReturnThatOperationWithoutASecondUpdate()
    {
        var (installation, plan) = await PlanAsync();
        var handler = MigrationSwitchWebHandler.Create(installation.Environment);

        var first = await handler.HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);
        var retried = await handler.HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal(first.OperationId, retried.OperationId);
        Assert.Equal(1, appRunner.CountRequests("UpdateService"));
    }

    [Fact]
    public async Task RollbackWeb_AfterASuccessfulSwitch_ShouldRestoreTheRecordedV2ConfigurationExactly()
    {
        var (installation, plan) = await PlanAsync();
        var before = appRunner.GetService(installation.Web.ServiceArn);
        var switched = await MigrationSwitchWebHandler.Create(installation.Environment).HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);
        await PollAsync(installation, switched.OperationId);

        var rollback = await MigrationRollbackWebHandler.Create(installation.Environment)
            .HandleEventAsync(new RollbackWebEvent(plan.Web, plan.Rollback), MigrationInstallation.Context(), CancellationToken.None);
        var final = await PollAsync(installation, rollback.OperationId);

        Assert.Equal("SUCCEEDED", final.Status);
        var after = appRunner.GetService(installation.Web.ServiceArn);
        Assert.Equal(before.ImageIdentifier, after.ImageIdentifier);
        Assert.Equal(before.EnvironmentVariables, after.EnvironmentVariables);
        Assert.Equal(before.Secrets, after.Secrets);
        Assert.Equal("DEFAULT", after.EgressType);
        Assert.Equal(before.HealthCheck, after.HealthCheck);
        Assert.Equal(MigrationInstallation.V2Image, after.ServingImageIdentifier);
    }

    [Fact]
    public async Task RollbackWeb_WhenAppRunnerAlreadyRolledTheFailedSwitchBack_ShouldSucceedWithoutAnUpdate()
    {
        var (installation, plan) = await PlanAsync();
        appRunner.FailNextOperation(installation.Web.ServiceArn, "ROLLBACK_SUCCEEDED");
        var switched = await MigrationSwitchWebHandler.Create(installation.Environment).HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);
        var failed = await PollAsync(installation, switched.OperationId);

        var rollback = await MigrationRollbackWebHandler.Create(installation.Environment)
            .HandleEventAsync(new RollbackWebEvent(plan.Web, plan.Rollback), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal("ROLLBACK_SUCCEEDED", failed.Status);
        Assert.Equal(new WebOperationResult("none", "SUCCEEDED"), rollback);
        Assert.Equal(1, appRunner.CountRequests("UpdateService"));
    }

    [Fact]
    public async Task RollbackWeb_WhileAnOperationRuns_ShouldThrowWebServiceBusyForTheStateMachineToRetry()
    {
        var (installation, plan) = await PlanAsync();
        await MigrationSwitchWebHandler.Create(installation.Environment).HandleEventAsync(new SwitchWebEvent(plan.Web), MigrationInstallation.Context(), CancellationToken.None);

        await Assert.ThrowsAsync<WebServiceBusyException>(() => MigrationRollbackWebHandler.Create(installation.Environment)
            .HandleEventAsync(new RollbackWebEvent(plan.Web, plan.Rollback), MigrationInstallation.Context(), CancellationToken.None));
    }

    [Fact]
    public async Task ProbeWeb_WhenHealthAndReadyAnswer_ShouldCountConsecutiveSuccessesUntilHealthy()
    {
        var (installation, plan) = await PlanAsync();
        var handler = MigrationProbeWebHandler.Create(installation.Environment);
        // The stand-in's fake web listens on loopback; App Runner's real ServiceUrl is an https host.
        var web = plan.Web with { ServiceUrl = installation.Web.WebEndpoint.ToString() };
        appRunner.ScriptWebStatuses(installation.Web.ServiceArn, AppRunnerStandIn.WebReadyPath, 500, 200);

        var progress = new ProbeProgressInput(0, 0);
        var verdicts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var next = await handler.HandleEventAsync(new ProbeWebEvent(web, plan.Limits with { HealthSuccessesRequired = 3 }, progress), MigrationInstallation.Context(), CancellationToken.None);
            verdicts.Add(next.Verdict);
            progress = new ProbeProgressInput(next.ConsecutiveSuccesses, next.Attempts);
        }

        Assert.Equal(["probing", "probing", "probing", "healthy"], verdicts);
        Assert.Equal(4, appRunner.CountWebRequests(installation.Web.ServiceArn, AppRunnerStandIn.WebHealthPath));
    }

    [Fact]
    public async Task ProbeBackend_WhenNothingListens_ShouldReportUnreachableAndStayProbing()
    {
        var (installation, plan) = await PlanAsync();
        var backend = plan.Backend with { ClickHousePingUrl = "http://127.0.0.1:9/ping", WorkerHealthUrl = "http://127.0.0.1:9/api/health" };

        var progress = await MigrationProbeBackendHandler.Create(installation.Environment)
            .HandleEventAsync(new ProbeBackendEvent(backend, plan.Limits, new ProbeProgressInput(2, 2)), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal(0, progress.ConsecutiveSuccesses);
        Assert.Equal("probing", progress.Verdict);
        Assert.Contains("unreachable", progress.Detail);
    }

    private async Task<(MigrationInstallation Installation, MigrationPlan Plan)> PlanAsync()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        var plan = await MigrationPreflightHandler.Create(installation.Environment).HandleEventAsync(
            new PreflightEvent(installation.Settings(), installation.Execution()), MigrationInstallation.Context(), CancellationToken.None);
        return (installation, plan);
    }

    private static async Task<WebOperationResult> PollAsync(MigrationInstallation installation, string operationId)
    {
        var handler = MigrationWebOperationStatusHandler.Create(installation.Environment);
        for (var poll = 0; poll < 10; poll++)
        {
            var status = await handler.HandleEventAsync(new WebOperationStatusEvent(installation.Web.ServiceArn, operationId), MigrationInstallation.Context(), CancellationToken.None);
            if (status.Status is not ("IN_PROGRESS" or "PENDING"))
            {
                return status;
            }
        }

        throw new InvalidOperationException($"Operation {operationId} did not finish in 10 polls.");
    }
}
