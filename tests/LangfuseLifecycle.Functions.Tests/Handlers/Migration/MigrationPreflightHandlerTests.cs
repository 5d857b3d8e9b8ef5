using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Runtime.Exceptions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Emulation.Iam;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Migration;

/// <summary>migration-preflight against moto (RDS, ECS, EFS, EC2, Step Functions) and the App Runner stand-in. Bad input changes nothing.</summary>
public sealed class MigrationPreflightHandlerTests(MotoFixture moto) : IClassFixture<MotoFixture>, IAsyncLifetime
{
    private readonly AppRunnerStandIn appRunner = AppRunnerStandIn.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await appRunner.DisposeAsync();

    [Fact]
    public async Task HandleEventAsync_WhenInstallationIsReady_ShouldPlanFromWhatAwsReports()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);

        var plan = await RunAsync(installation, installation.Settings());

        Assert.Equal(new DatabaseTarget(installation.Database, DatabaseKind.AuroraCluster), plan.Database);
        Assert.Equal("langfuse-pre-v3-migration-1", plan.SnapshotIdentifier);
        Assert.Equal("2.95.1", plan.CurrentVersion);
        Assert.Equal(MigrationInstallation.V2Image, plan.Web.V2ImageIdentifier);
        Assert.Equal($"/langfuse-lifecycle/{installation.Cluster}/migration/migration-1/web-v2", plan.Rollback.V2Record);
        Assert.Equal("arn:aws:iam::123456789012:role/apprunner-ecr", plan.Web.Changes.AccessRoleArn);
        Assert.Equal(MigrationInstallation.V3Image, plan.Web.Changes.ImageIdentifier);
        Assert.Equal("VPC", plan.Web.Changes.EgressType);
        Assert.Equal("use1-az6", plan.Backend.AvailabilityZoneId);
        Assert.Equal(0, appRunner.CountRequests("UpdateService"));
    }

    [Fact]
    public async Task HandleEventAsync_WhenTheV3InstanceRoleMayNotReadAV2Secret_ShouldRefuseListingItAndChangeNothing()
    {
        // Arrange: IAM's simulator (a stand-in: moto has none) denies SALT's secret to the role the v3 web keeps from v2.
        await using var iam = IamSimulatorStandIn.Start();
        iam.Decide = (_, action, resource) => action == "secretsmanager:GetSecretValue" && resource.EndsWith(":salt", StringComparison.Ordinal) ? "implicitDeny" : "allowed";
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner, iam: iam);

        // Act
        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings()));

        // Assert: the request IAM received names the web's instance role and every injected secret.
        var problem = Assert.Single(error.Problems);
        Assert.Equal("webInstanceRoleArn", problem.Field);
        Assert.Contains(MigrationInstallation.SecretPrefix + "salt (SALT): implicitDeny", problem.Problem);
        var form = Assert.Single(iam.Requests);
        Assert.Contains(new KeyValuePair<string, string>("PolicySourceArn", "arn:aws:iam::123456789012:role/langfuse-web"), form);
        Assert.Contains(form, pair => pair.Key.StartsWith("ResourceArns.member.", StringComparison.Ordinal) && pair.Value == MigrationInstallation.SecretPrefix + "nextauth");
        Assert.Equal(0, appRunner.CountRequests("UpdateService"));
    }

    [Fact]
    public async Task HandleEventAsync_WhenTheNetworkPathCheckRunsAndNothingResolves_ShouldNameTheDatabaseAndRedis()
    {
        // Arrange: as template.yaml sets it in the VPC; moto's endpoints and the test Redis name resolve nowhere.
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        installation.Environment.SetVariable(MigrationPreflightHandler.NetworkPathCheckVariable, "true");

        // Act
        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings()));

        // Assert
        Assert.Contains(error.Problems, problem => problem.Field == "databaseIdentifier" && problem.Problem.Contains("database", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Field == "redisHost" && problem.Problem.Contains("valkey.langfuse.local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleEventAsync_WhenDatabaseIsUnknown_ShouldNameDatabaseIdentifier()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings() with { DatabaseIdentifier = "no-such-db" }));

        Assert.Equal("databaseIdentifier", Assert.Single(error.Problems).Field);
        Assert.Contains("no-such-db", error.Message);
    }

    [Fact]
    public async Task HandleEventAsync_WhenWebIsPaused_ShouldRefuseAndChangeNothing()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner, webStatus: "PAUSED");

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings()));

        Assert.Contains(error.Problems, problem => problem.Field == "webServiceArn" && problem.Problem.Contains("PAUSED", StringComparison.Ordinal));
        Assert.Equal(0, appRunner.CountRequests("UpdateService"));
    }

    [Fact]
    public async Task HandleEventAsync_WhenWebAlreadyRunsV3_ShouldSayThereIsNothingToMigrate()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner, webImage: MigrationInstallation.V3Image);

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings()));

        Assert.Contains("already runs Langfuse 3.29.0", Assert.Single(error.Problems).Problem);
    }

    [Fact]
    public async Task HandleEventAsync_WhenV3ImageIsOutsideTheRange_ShouldRefuseBeforeAnyAwsCall()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        var before = appRunner.Requests.Count;

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings() with { V3WebImage = "langfuse/langfuse:3.40.0" }));

        Assert.Equal("v3WebImage", Assert.Single(error.Problems).Field);
        Assert.Equal(before, appRunner.Requests.Count);
    }

    [Fact]
    public async Task HandleEventAsync_WhenV3SecretsAreMissing_ShouldNameEachSetting()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation,
            installation.Settings() with { ClickHousePasswordSecretArn = "", EncryptionKeySecretArn = "" }));

        Assert.Equal(["clickHousePasswordSecretArn"], error.Problems.Select(problem => problem.Field));
    }

    [Fact]
    public async Task HandleEventAsync_WhenEncryptionKeyIsMissingEverywhere_ShouldNameEncryptionKeySecretArn()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings() with { EncryptionKeySecretArn = "" }));

        Assert.Contains(error.Problems, problem => problem.Field == "encryptionKeySecretArn");
    }

    [Fact]
    public async Task HandleEventAsync_WhenSnapshotNameIsInvalid_ShouldNameSnapshotIdentifier()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);

        var error = await Assert.ThrowsAsync<PreflightFailedException>(() => RunAsync(installation, installation.Settings() with { SnapshotIdentifier = "langfuse-pre-v3--x" }));

        Assert.Equal("snapshotIdentifier", Assert.Single(error.Problems).Field);
    }

    [Fact]
    public async Task HandleEventAsync_WhenAnotherExecutionIsRunning_ShouldThrowMigrationAlreadyRunning()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        var other = await MigrationInstallation.RunPythonAsync(moto.Server, $$"""
            sfn = client('stepfunctions')
            arn = sfn.start_execution(stateMachineArn='{{installation.StateMachineArn}}', name='first')['executionArn']
            print(json.dumps({'arn': arn, 'status': sfn.describe_execution(executionArn=arn)['status']}))
            """);
        Assert.Equal("RUNNING", other.GetProperty("status").GetString());

        var error = await Assert.ThrowsAsync<MigrationAlreadyRunningException>(() => RunAsync(installation, installation.Settings(), "second"));

        Assert.Contains(other.GetProperty("arn").GetString()!, error.Message);
    }

    [Fact]
    public async Task HandleAsync_WhenASettingNameIsMistyped_ShouldRefuseTheEventNamingIt()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        var handler = MigrationPreflightHandler.Create(installation.Environment);
        var payload = """{"settings":{"v3webImage":"langfuse:3.29.0"},"execution":{"name":"x","id":"arn:x","stateMachineArn":"arn:sm"}}"""u8.ToArray();

        var error = await Assert.ThrowsAsync<InvalidEventException>(() => handler.HandleAsync(payload, MigrationInstallation.Context(), CancellationToken.None));

        Assert.Contains("v3webImage", error.Message);
    }

    [Theory]
    [InlineData("""{"settings":{"DryRun":true},"execution":{"name":"x","id":"arn:x","stateMachineArn":"arn:sm"}}""", "DryRun")]
    [InlineData("""{"settings":{"dryRun":true,"dryRun":false},"execution":{"name":"x","id":"arn:x","stateMachineArn":"arn:sm"}}""", "dryRun")]
    [InlineData("""{"settings":{"dryRun":true},"settings":{},"execution":{"name":"x","id":"arn:x","stateMachineArn":"arn:sm"}}""", "settings")]
    public async Task HandleAsync_WhenASettingHasTheWrongCaseOrIsRepeated_ShouldRefuseNamingIt(string eventJson, string member)
    {
        // Arrange
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        var handler = MigrationPreflightHandler.Create(installation.Environment);

        // Act
        var error = await Assert.ThrowsAsync<InvalidEventException>(() => handler.HandleAsync(System.Text.Encoding.UTF8.GetBytes(eventJson), MigrationInstallation.Context(), CancellationToken.None));

        // Assert
        Assert.Contains(member, error.Message);
    }

    [Fact]
    public async Task DeserializeEvent_WhenNumbersArriveAsStringsFromStackParameters_ShouldReadThem()
    {
        // Arrange: DefinitionSubstitutions put stack parameters into the ASL as strings.
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        var handler = MigrationPreflightHandler.Create(installation.Environment);
        var payload = """{"settings":{"snapshotPollSeconds":"5","healthSuccessesRequired":4,"snapshotIdentifier":""},"execution":{"name":"x","id":"arn:x","stateMachineArn":"arn:sm"}}"""u8.ToArray();

        // Act
        var input = handler.DeserializeEvent(payload);

        // Assert
        Assert.Equal(5, input.Settings.SnapshotPollSeconds);
        Assert.Equal(4, input.Settings.HealthSuccessesRequired);
    }

    private static Task<MigrationPlan> RunAsync(MigrationInstallation installation, MigrationSettings settings, string execution = "migration-1") =>
        MigrationPreflightHandler.Create(installation.Environment)
            .HandleEventAsync(new PreflightEvent(settings, installation.Execution(execution)), MigrationInstallation.Context(), CancellationToken.None);
}
