using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Migration;

/// <summary>The Backend phase's handlers on moto (ECS, EFS, EC2) through the scheduler's wake and sleep use cases.</summary>
public sealed class MigrationBackendHandlerTests(MotoFixture moto) : IClassFixture<MotoFixture>, IAsyncLifetime
{
    private readonly AppRunnerStandIn appRunner = AppRunnerStandIn.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await appRunner.DisposeAsync();

    [Fact]
    public async Task WakeClickHouse_WhenAsleepWithSubnetsInTwoZones_ShouldStartOneTaskPinnedToTheFileSystemZone()
    {
        var (installation, plan) = await PlanAsync();

        var status = await MigrationWakeBackendHandler.Create(installation.Environment)
            .HandleEventAsync(new BackendEvent(plan.Backend, "clickhouse"), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal("clickhouse", status.Component);
        Assert.True(status.Steady, status.Detail);
        var service = await DescribeAsync(installation, installation.ClickHouseService);
        Assert.Equal(1, service.GetProperty("desired").GetInt32());
        Assert.Equal([installation.SubnetInFileSystemZone], service.GetProperty("subnets").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(0, (await DescribeAsync(installation, installation.WorkerService)).GetProperty("desired").GetInt32());
        var keepAwakeUntil = DateTimeOffset.Parse(service.GetProperty("keepAwakeUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(keepAwakeUntil - DateTimeOffset.UtcNow, SchedulerBackend.KeepAwakeDuringMigration - TimeSpan.FromMinutes(5), SchedulerBackend.KeepAwakeDuringMigration);
    }

    [Fact]
    public async Task WakeWorker_WhenClickHouseIsSteady_ShouldStartItWithBackgroundMigrationsOffThenEnableThem()
    {
        var (installation, plan) = await PlanAsync();
        var wake = MigrationWakeBackendHandler.Create(installation.Environment);
        await wake.HandleEventAsync(new BackendEvent(plan.Backend, "clickhouse"), MigrationInstallation.Context(), CancellationToken.None);

        await wake.HandleEventAsync(new BackendEvent(plan.Backend, "worker", BackgroundMigrations: false), MigrationInstallation.Context(), CancellationToken.None);
        var off = await DescribeAsync(installation, installation.WorkerService);
        await MigrationEnableBackgroundMigrationsHandler.Create(installation.Environment)
            .HandleEventAsync(new BackendTargetEvent(plan.Backend), MigrationInstallation.Context(), CancellationToken.None);
        var on = await DescribeAsync(installation, installation.WorkerService);
        var status = await MigrationBackendStatusHandler.Create(installation.Environment)
            .HandleEventAsync(new BackendEvent(plan.Backend, "worker"), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal(1, off.GetProperty("desired").GetInt32());
        Assert.Equal("false", off.GetProperty("backgroundMigrations").GetString());
        Assert.Equal("true", on.GetProperty("backgroundMigrations").GetString());
        Assert.NotEqual(off.GetProperty("taskDefinition").GetString(), on.GetProperty("taskDefinition").GetString());
        Assert.True(status.Steady, status.Detail);
    }

    [Fact]
    public async Task WakeWorker_WhenClickHouseIsStillAsleep_ShouldRefuseAndStartNothing()
    {
        var (installation, plan) = await PlanAsync();

        await Assert.ThrowsAsync<Core.Migration.Exceptions.BackendWakeFailedException>(() => MigrationWakeBackendHandler.Create(installation.Environment)
            .HandleEventAsync(new BackendEvent(plan.Backend, "worker"), MigrationInstallation.Context(), CancellationToken.None));

        Assert.Equal(0, (await DescribeAsync(installation, installation.WorkerService)).GetProperty("desired").GetInt32());
    }

    [Fact]
    public async Task SleepBackend_AfterAWake_ShouldStopWorkerAndClickHouse()
    {
        var (installation, plan) = await PlanAsync();
        var wake = MigrationWakeBackendHandler.Create(installation.Environment);
        await wake.HandleEventAsync(new BackendEvent(plan.Backend, "clickhouse"), MigrationInstallation.Context(), CancellationToken.None);
        await wake.HandleEventAsync(new BackendEvent(plan.Backend, "worker"), MigrationInstallation.Context(), CancellationToken.None);

        await MigrationSleepBackendHandler.Create(installation.Environment)
            .HandleEventAsync(new BackendTargetEvent(plan.Backend), MigrationInstallation.Context(), CancellationToken.None);

        Assert.Equal(0, (await DescribeAsync(installation, installation.WorkerService)).GetProperty("desired").GetInt32());
        Assert.Equal(0, (await DescribeAsync(installation, installation.ClickHouseService)).GetProperty("desired").GetInt32());
    }

    [Fact]
    public async Task WakeBackend_WhenComponentIsUnknown_ShouldNameTheField()
    {
        var (installation, plan) = await PlanAsync();

        var error = await Assert.ThrowsAsync<Core.Migration.Exceptions.InvalidStepInputException>(() => MigrationWakeBackendHandler.Create(installation.Environment)
            .HandleEventAsync(new BackendEvent(plan.Backend, "redis"), MigrationInstallation.Context(), CancellationToken.None));

        Assert.StartsWith("component:", error.Message);
    }

    private async Task<(MigrationInstallation Installation, MigrationPlan Plan)> PlanAsync()
    {
        var installation = await MigrationInstallation.SeedAsync(moto.Server, appRunner);
        var plan = await MigrationPreflightHandler.Create(installation.Environment).HandleEventAsync(
            new PreflightEvent(installation.Settings(), installation.Execution()), MigrationInstallation.Context(), CancellationToken.None);
        return (installation, plan);
    }

    private Task<System.Text.Json.JsonElement> DescribeAsync(MigrationInstallation installation, string service) =>
        MigrationInstallation.RunPythonAsync(moto.Server, $$"""
            ecs = client('ecs')
            s = ecs.describe_services(cluster='{{installation.Cluster}}', services=['{{service}}'])['services'][0]
            td = ecs.describe_task_definition(taskDefinition=s['taskDefinition'])['taskDefinition']
            env = dict((e['name'], e['value']) for e in td['containerDefinitions'][0].get('environment', []))
            tags = dict((t['key'], t['value']) for t in ecs.list_tags_for_resource(resourceArn=s['serviceArn']).get('tags', []))
            print(json.dumps(dict(desired=s['desiredCount'], subnets=s['networkConfiguration']['awsvpcConfiguration']['subnets'],
                taskDefinition=s['taskDefinition'], backgroundMigrations=env.get('LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS'),
                keepAwakeUntil=tags.get('{{Core.Scheduling.KeepAwakeOverride.UntilTag}}'))))
            """);
}
