using System.Text.Json;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Health;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

/// <summary>
/// status / sleep / wake / keep-awake / plan against the scheduler demo's Langfuse-like backend on moto (VPC, EFS One Zone,
/// ClickHouse with drifted subnets, worker at 2 with a scalable target), named by a CloudFormation stack as the CLI reads it.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ScalerCommandsTests(MotoFixture moto)
{
    private async Task<Dictionary<string, string>> ArrangeAsync() => (await ScalerStack.CreateAsync(moto)).Environment;

    private static Task<CliRun> Cli(Dictionary<string, string> environment, params string[] args) => ScalerStack.RunAsync(environment, args);

    private static JsonElement Service(JsonElement summary, string role) =>
        summary.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("role").GetString() == role);

    [Fact]
    public async Task Sleep_WhenAwake_ShouldStopWorkerAndClickHouseAndRecordRestoreCounts()
    {
        var environment = await ArrangeAsync();

        var run = await Cli(environment, "sleep", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var summary = run.JsonRoot;
        Assert.Equal("completed", summary.GetProperty("outcome").GetString());
        Assert.Equal(0, Service(summary, "worker").GetProperty("desiredAfter").GetInt32());
        Assert.Equal(2, Service(summary, "worker").GetProperty("restoreCountRecorded").GetInt32());
        Assert.Equal(0, Service(summary, "clickhouse").GetProperty("desiredAfter").GetInt32());
    }

    [Fact]
    public async Task Sleep_WhenDryRun_ShouldPlanAndChangeNothing()
    {
        var environment = await ArrangeAsync();

        var dryRun = await Cli(environment, "sleep", "--dry-run", "--output", "json");
        var status = await Cli(environment, "status", "--output", "json");

        Assert.True(dryRun.ExitCode == ExitCodes.Ok, dryRun.ToString());
        Assert.Equal("planned", dryRun.JsonRoot.GetProperty("outcome").GetString());
        Assert.Equal(2, Service(status.JsonRoot.GetProperty("status"), "worker").GetProperty("desiredAfter").GetInt32());
    }

    [Fact]
    public async Task Status_WhenAsleep_ShouldShowRestoreCountsPlacementAndNextScheduledActions()
    {
        var environment = await ArrangeAsync();
        await Cli(environment, "sleep");

        var run = await Cli(environment, "status", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var report = run.JsonRoot;
        var status = report.GetProperty("status");
        Assert.Equal(2, Service(status, "worker").GetProperty("restoreCountRecorded").GetInt32());
        Assert.False(status.GetProperty("clickHousePlacement").GetProperty("pinned").GetBoolean());
        Assert.Equal("wake", report.GetProperty("nextWake").GetProperty("action").GetString());
        Assert.Equal("08:00", report.GetProperty("nextWake").GetProperty("localTime").GetString());
        Assert.Equal("20:00", report.GetProperty("nextSleep").GetProperty("localTime").GetString());
    }

    [Fact]
    public async Task Status_WhenTextOutput_ShouldPrintTheServicesTableAndPinCheck()
    {
        var environment = await ArrangeAsync();

        var run = await Cli(environment, "status");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("langfuse-clickhouse", run.Output);
        Assert.Contains("langfuse-worker", run.Output);
        Assert.Contains("ClickHouse AZ pin: needs a fix", run.Output);
        Assert.Contains("Next wake:", run.Output);
    }

    [Fact]
    public async Task Wake_WhenAsleep_ShouldRestoreCountsAndPinClickHouseToItsZone()
    {
        var environment = await ArrangeAsync();
        await Cli(environment, "sleep");

        var run = await Cli(environment, "wake", "--skip-health-check", "--force", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var summary = run.JsonRoot;
        Assert.Equal(2, Service(summary, "worker").GetProperty("desiredAfter").GetInt32());
        Assert.Equal(1, Service(summary, "clickhouse").GetProperty("desiredAfter").GetInt32());
        Assert.True(Service(summary, "clickhouse").GetProperty("subnetsChanged").GetBoolean());
    }

    [Fact]
    public async Task Wake_WhenWaitingForHealth_ShouldPrintTheServicesCountsWhileItWaits()
    {
        await using var health = HealthEndpointStandIn.Start();
        health.ScriptStatuses(HealthEndpointStandIn.PingPath, 503, 503, 503, 200);
        var stack = await ScalerStack.CreateAsync(moto, new Dictionary<string, string>
        {
            ["ClickHouseHealthUrl"] = health.PingUrl.ToString(),
            ["WorkerHealthUrl"] = health.WorkerHealthUrl.ToString(),
        });
        await stack.RunAsync("sleep");
        var environment = new Dictionary<string, string>(stack.Environment) { ["SERVICE_POLL_INTERVAL_SECONDS"] = "1", ["HEALTH_POLL_INTERVAL_SECONDS"] = "1" };

        var run = await ScalerStack.RunAsync(environment, "wake", "--force");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Matches(@"\d+ s: langfuse-clickhouse 1/1 running · langfuse-worker 0/0 running", run.Output);
        Assert.True(health.RequestCount(HealthEndpointStandIn.PingPath) >= 4, run.ToString());
    }

    [Fact]
    public async Task Wake_WhenForThreeHours_ShouldCreateTheOneTimeSleepThatPlanShows()
    {
        var environment = await ArrangeAsync();
        await Cli(environment, "sleep");

        var wake = await Cli(environment, "wake", "--for", "3h", "--skip-health-check", "--output", "json");
        var plan = await Cli(environment, "plan", "--days", "2", "--output", "json");

        Assert.True(wake.ExitCode == ExitCodes.Ok, wake.ToString());
        Assert.Single(wake.JsonRoot.GetProperty("overrides").GetProperty("oneTimeSchedules").EnumerateArray());
        Assert.True(plan.ExitCode == ExitCodes.Ok, plan.ToString());
        Assert.True(plan.JsonRoot.GetProperty("awakeAtStart").GetBoolean());
        var events = plan.JsonRoot.GetProperty("days").EnumerateArray().SelectMany(d => d.GetProperty("events").EnumerateArray()).ToList();
        Assert.Contains(events, e => e.GetProperty("source").GetString()!.StartsWith("one-time ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepAwake_WhenActive_ShouldMakeTheNextSleepSkipWithItsReason()
    {
        var environment = await ArrangeAsync();
        var until = DateTimeOffset.UtcNow.AddHours(6).ToString("yyyy-MM-ddTHH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var keepAwake = await Cli(environment, "keep-awake", "--until", until, "--skip-health-check", "--output", "json");
        var sleep = await Cli(environment, "sleep", "--output", "json");

        Assert.True(keepAwake.ExitCode == ExitCodes.Ok, keepAwake.ToString());
        Assert.True(sleep.ExitCode == ExitCodes.Ok, sleep.ToString());
        Assert.Equal("skipped", sleep.JsonRoot.GetProperty("outcome").GetString());
        Assert.Contains("keep-awake", sleep.JsonRoot.GetProperty("skipReason").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("wake", "--for", "soon")]
    [InlineData("wake", "--for", "-3h")]
    [InlineData("keep-awake")]
    [InlineData("keep-awake", "--until", "yesterday")]
    [InlineData("keep-awake", "--until", "2020-01-01T00:00Z")]
    [InlineData("wake", "--for", "1000h")]
    public async Task ScalerCommand_WhenValueInvalid_ShouldExitBadUsageAndChangeNothing(params string[] args)
    {
        var environment = await ArrangeAsync();

        var run = await Cli(environment, [.. args, "--skip-health-check"]);
        var status = await Cli(environment, "status", "--output", "json");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("Error", run.Error);
        Assert.Equal(2, Service(status.JsonRoot.GetProperty("status"), "worker").GetProperty("desiredAfter").GetInt32());
    }

    [Fact]
    public async Task Status_WhenNoStackAndNoCluster_ShouldExitBadUsageNamingTheWays()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(moto.CreateClientEnvironment()), null, "status");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("--cluster", run.Error);
        Assert.Contains("LANGFUSE_CLUSTER", run.Error);
    }
}
