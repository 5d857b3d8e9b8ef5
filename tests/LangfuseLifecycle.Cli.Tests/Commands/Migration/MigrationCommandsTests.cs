using System.Text.Json;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands.Migration;

/// <summary>
/// migrate start/status against moto's Step Functions interpreter, with definitions that use the real state machine's
/// phase markers ("Snapshot started", ..., "Roll back web") as Pass states, so the CLI's follow is proven on real histories.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class MigrationCommandsTests(MotoFixture moto)
{
    private const string HappyPath = """
        {"StartAt":"Load settings","States":{
          "Load settings":{"Type":"Pass","Next":"Preflight"},
          "Preflight":{"Type":"Pass","Next":"Dry run?"},
          "Dry run?":{"Type":"Choice","Choices":[{"Variable":"$.dryRun","IsPresent":true,"Next":"Dry run planned"}],"Default":"Snapshot started"},
          "Dry run planned":{"Type":"Succeed"},
          "Snapshot started":{"Type":"Pass","Next":"Create snapshot"},
          "Create snapshot":{"Type":"Pass","Next":"Backend started"},
          "Backend started":{"Type":"Pass","Next":"Wake ClickHouse"},
          "Wake ClickHouse":{"Type":"Pass","Next":"Health started"},
          "Health started":{"Type":"Pass","Next":"Web switch started"},
          "Web switch started":{"Type":"Pass","Next":"Switch web"},
          "Switch web":{"Type":"Pass","Next":"Finish started"},
          "Finish started":{"Type":"Pass","Next":"Migrated"},
          "Migrated":{"Type":"Succeed"}}}
        """;

    private const string RollbackPath = """
        {"StartAt":"Load settings","States":{
          "Load settings":{"Type":"Pass","Next":"Snapshot started"},
          "Snapshot started":{"Type":"Pass","Next":"Backend started"},
          "Backend started":{"Type":"Pass","Next":"Health started"},
          "Health started":{"Type":"Pass","Next":"Web switch started"},
          "Web switch started":{"Type":"Pass","Next":"Roll back web"},
          "Roll back web":{"Type":"Pass","Next":"Rollback succeeded"},
          "Rollback succeeded":{"Type":"Pass","Next":"Fail after switch"},
          "Fail after switch":{"Type":"Fail","Error":"WebSwitchFailedException","Cause":"App Runner operation FAILED; rollback succeeded"}}}
        """;

    private const string LongRunning = """
        {"StartAt":"Load settings","States":{
          "Load settings":{"Type":"Pass","Next":"Snapshot started"},
          "Snapshot started":{"Type":"Pass","Next":"Wait for snapshot"},
          "Wait for snapshot":{"Type":"Wait","Seconds":120,"End":true}}}
        """;

    [Fact]
    public async Task MigrateStart_WhenHappyPath_ShouldFollowEveryPhaseToSuccess()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto, HappyPath);

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName, "--name", "cutover", "--poll-seconds", "0");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("Started cutover", run.Output);
        foreach (var phase in new[] { "▶ Preflight", "▶ Snapshot", "▶ Backend", "▶ Health", "▶ Web switch", "▶ Finish" })
        {
            Assert.Contains(phase, run.Output);
        }

        Assert.Contains("Status: SUCCEEDED", run.Output);
    }

    [Fact]
    public async Task MigrateStart_WhenDryRun_ShouldSendDryRunInputAndStopAfterPreflight()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto, HappyPath);

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName, "--dry-run", "--poll-seconds", "0", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var report = run.JsonRoot;
        Assert.Equal("SUCCEEDED", report.GetProperty("status").GetString());
        Assert.Equal("{\"dryRun\":true}", report.GetProperty("input").GetString());
        var phases = report.GetProperty("phases").EnumerateArray().ToList();
        Assert.Single(phases);
        Assert.Equal("Preflight", phases[0].GetProperty("phase").GetString());
        Assert.Equal("Dry run planned", phases[0].GetProperty("lastState").GetString());
        Assert.StartsWith("cli-", report.GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateStart_WhenExecutionFailsAfterRollback_ShouldReportBothAndExitActionFailed()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto, RollbackPath);

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName, "--poll-seconds", "0", "--output", "json");

        Assert.Equal(ExitCodes.ActionFailed, run.ExitCode);
        var report = run.JsonRoot;
        Assert.Equal("FAILED", report.GetProperty("status").GetString());
        Assert.Equal("WebSwitchFailedException", report.GetProperty("error").GetString());
        Assert.Contains("rollback succeeded", report.GetProperty("cause").GetString());
        var phases = report.GetProperty("phases").EnumerateArray().Select(p => (Phase: p.GetProperty("phase").GetString(), Outcome: p.GetProperty("outcome").GetString())).ToList();
        Assert.Equal(["Preflight", "Snapshot", "Backend", "Health", "Web switch", "Rollback"], phases.Select(p => p.Phase));
        Assert.Equal("failed", phases[^1].Outcome);
        Assert.All(phases.SkipLast(1), p => Assert.Equal("completed", p.Outcome));
    }

    [Fact]
    public async Task MigrateStart_WhenAnotherExecutionRuns_ShouldRefuseWithoutStarting()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto, LongRunning);
        var first = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName, "--name", "first", "--no-follow");
        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());

        var second = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName, "--name", "second", "--no-follow");

        Assert.Equal(ExitCodes.ActionFailed, second.ExitCode);
        Assert.Contains("a migration is already running (first)", second.Error);
        var executions = await environment.Requests.JsonAsync("states", "AWSStepFunctions.ListExecutions", $$"""{"stateMachineArn":"{{environment.StateMachineArn}}"}""", "1.0");
        Assert.Single(executions["executions"]!.AsArray());
    }

    [Fact]
    public async Task MigrateStatus_WhenNoExecutionNamed_ShouldReportTheNewestOnceWithNoFollow()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto, LongRunning);
        await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName, "--name", "running-one", "--no-follow");

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "status", "--stack", LangfuseEnvironment.StackName, "--no-follow", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("running-one", run.JsonRoot.GetProperty("name").GetString());
        Assert.Equal("RUNNING", run.JsonRoot.GetProperty("status").GetString());
        var last = run.JsonRoot.GetProperty("phases").EnumerateArray().Last();
        Assert.Equal("Snapshot", last.GetProperty("phase").GetString());
        Assert.Equal("running", last.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task MigrateStatus_WhenExecutionNamed_ShouldResolveItsArnFromTheStateMachine()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto, RollbackPath);
        await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName, "--name", "failed-one", "--poll-seconds", "0");

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "status", "failed-one", "--stack", LangfuseEnvironment.StackName, "--poll-seconds", "0");

        Assert.Equal(ExitCodes.ActionFailed, run.ExitCode);
        Assert.Contains("Rollback", run.Output);
        Assert.Contains("WebSwitchFailedException", run.Output);
    }

    [Fact]
    public async Task MigrateStart_WhenNoStateMachineAnywhere_ShouldExitBadUsageNamingTheWays()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto);

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "migrate", "start", "--stack", LangfuseEnvironment.StackName);

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("--state-machine", run.Error);
        Assert.Contains("MigrationStateMachineArn", run.Error);
    }
}
