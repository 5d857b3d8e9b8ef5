using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>
/// migration.asl.json executed by moto's ASL interpreter. Its Lambda stand-in returns queued results and never fails,
/// so these tests prove the outcome routing through the Choice states (statuses, verdicts, poll limits, dry run);
/// Retry and Catch are proven by the aws-local-stepfunctions suite.
/// </summary>
public sealed partial class MigrationStateMachineMotoTests(MotoStepFunctionsFixture moto) : IClassFixture<MotoStepFunctionsFixture>
{
    private const string FunctionArnPrefix = "arn:aws:lambda:us-east-1:123456789012:function:";

    [Fact]
    public async Task Execute_WhenEveryStepSucceeds_ShouldRunThePhasesInOrderAndOutputTheSummary()
    {
        var run = await RunAsync(Scenario.HappyPath());

        Assert.Equal("SUCCEEDED", run.Status);
        Assert.Equal("Migrated", run.Output!["outcome"]!.GetValue<string>());
        Assert.Equal(
            ["Preflight", "Create snapshot", "Check snapshot", "Wake ClickHouse", "Check ClickHouse", "Wake worker", "Check worker", "Probe backend", "Switch web", "Check web switch", "Probe web", "Enable background migrations", "Settle web", "Report"],
            run.Tasks);
    }

    [Fact]
    public async Task Execute_WhenEmptyInput_ShouldUseTheSubstitutedStackSettings()
    {
        var run = await RunAsync(Scenario.HappyPath());

        var preflightInput = run.TaskInputs["Preflight"];
        Assert.Equal("langfuse-db", preflightInput["Payload"]!["settings"]!["databaseIdentifier"]!.GetValue<string>());
        Assert.Equal("sleep", preflightInput["Payload"]!["settings"]!["backendOnFailure"]!.GetValue<string>());
        Assert.Equal("migration-test", preflightInput["Payload"]!["execution"]!["name"]!.GetValue<string>());
        Assert.Equal(FunctionArnPrefix + "MigrationPreflightFunction", preflightInput["FunctionName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_WhenInputOverridesASetting_ShouldSendTheOverrideAndKeepTheOtherDefaults()
    {
        var run = await RunAsync(Scenario.HappyPath(), new JsonObject { ["v3WebImage"] = "langfuse:3.28.0", ["dryRun"] = true });

        var settings = run.TaskInputs["Preflight"]["Payload"]!["settings"]!;
        Assert.Equal("langfuse:3.28.0", settings["v3WebImage"]!.GetValue<string>());
        Assert.True(settings["dryRun"]!.GetValue<bool>());
        Assert.Equal("langfuse-db", settings["databaseIdentifier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_WhenDryRun_ShouldSucceedWithThePlanAfterPreflightOnly()
    {
        var run = await RunAsync(new Scenario().Preflight(Scenario.Plan(dryRun: true)));

        Assert.Equal("SUCCEEDED", run.Status);
        Assert.Equal(["Preflight"], run.Tasks);
        Assert.Equal("langfuse-pre-v3-migration-test", run.Output!["snapshotIdentifier"]!.GetValue<string>());
        Assert.Equal("Dry run planned", run.States[^1]);
    }

    [Fact]
    public async Task Execute_WhenSnapshotEndsFailed_ShouldFailBeforeTheBackendWithSnapshotFailed()
    {
        var run = await RunAsync(new Scenario().Preflight(Scenario.Plan()).Snapshot("creating").Snapshot("failed", "Storage full"));

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("SnapshotFailedException", run.Error);
        Assert.Contains("langfuse-pre-v3-migration-test failed: Storage full", run.Cause);
        Assert.DoesNotContain("Wake ClickHouse", run.Tasks);
        Assert.Equal("Fail before switch", run.States[^1]);
    }

    [Fact]
    public async Task Execute_WhenSnapshotStaysCreating_ShouldStopAtThePollLimit()
    {
        var run = await RunAsync(new Scenario().Preflight(Scenario.Plan(snapshotMaxPolls: 2)).Snapshot("creating").Snapshot("creating").Snapshot("creating"));

        Assert.Equal("SnapshotFailedException", run.Error);
        Assert.Contains("not available after 2 polls", run.Cause);
        Assert.Equal(2, run.Tasks.Count(task => task == "Check snapshot"));
    }

    [Fact]
    public async Task Execute_WhenBackendIsUnhealthyAndBackendOnFailureIsSleep_ShouldSleepItAndLeaveTheWeb()
    {
        var run = await RunAsync(Scenario.UpToBackendHealth(Scenario.Plan()).Probe("unhealthy", "/api/health 503").Sleep());

        Assert.Equal("HealthCheckFailedException", run.Error);
        Assert.Contains("/api/health 503", run.Cause);
        Assert.Equal(["Backend on failure?", "Put backend to sleep", "Fail before switch"], run.States[^3..]);
        Assert.DoesNotContain("Switch web", run.Tasks);
    }

    [Fact]
    public async Task Execute_WhenBackendIsUnhealthyAndBackendOnFailureIsLeave_ShouldLeaveTheBackendRunning()
    {
        var run = await RunAsync(Scenario.UpToBackendHealth(Scenario.Plan(backendOnFailure: "leave")).Probe("unhealthy", "/ping timeout"));

        Assert.Equal("HealthCheckFailedException", run.Error);
        Assert.DoesNotContain("Put backend to sleep", run.Tasks);
    }

    [Fact]
    public async Task Execute_WhenClickHouseNeverSteadies_ShouldFailWithBackendNotSteadyAfterThePollLimit()
    {
        var run = await RunAsync(new Scenario().Preflight(Scenario.Plan()).Snapshot("creating").Snapshot("available")
            .Backend("clickhouse", false).Backend("clickhouse", false).Backend("clickhouse", false).Backend("clickhouse", false).Sleep());

        Assert.Equal("BackendNotSteadyException", run.Error);
        Assert.Contains("after 3 polls", run.Cause);
        Assert.DoesNotContain("Wake worker", run.Tasks);
    }

    [Fact]
    public async Task Execute_WhenTheWebSwitchOperationFails_ShouldRollBackAndFailWithBothCauses()
    {
        var run = await RunAsync(Scenario.UpToWebSwitch().Operation("op-1", "FAILED").Operation("op-2", "IN_PROGRESS").Operation("op-2", "SUCCEEDED").Probe("healthy"));

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("WebSwitchFailedException", run.Error);
        Assert.Matches(RollbackSucceeded(), run.Cause);
        Assert.Contains("op-1 ended FAILED", run.Cause);
        Assert.Equal(["Roll back web", "Check rollback", "Probe rolled-back web"], run.Tasks.SkipWhile(task => task != "Roll back web"));
        Assert.Equal("Fail after switch", run.States[^1]);
    }

    [Fact]
    public async Task Execute_WhenAppRunnerAlreadyRolledBack_ShouldVerifyTheV2WebWithoutWaiting()
    {
        var run = await RunAsync(Scenario.UpToWebSwitch().Operation("op-1", "ROLLBACK_SUCCEEDED").Operation("none", "SUCCEEDED").Probe("healthy"));

        Assert.Equal("WebSwitchFailedException", run.Error);
        Assert.Equal(["Roll back web", "Probe rolled-back web"], run.Tasks.SkipWhile(task => task != "Roll back web"));
    }

    [Fact]
    public async Task Execute_WhenTheRollbackFails_ShouldSayRollbackFailedInTheCause()
    {
        var run = await RunAsync(Scenario.UpToWebSwitch().Operation("op-1", "FAILED").Operation("op-2", "IN_PROGRESS").Operation("op-2", "FAILED"));

        Assert.Equal("WebSwitchFailedException", run.Error);
        Assert.Contains("RollbackFailedException: App Runner rollback ended FAILED (operation op-2)", run.Cause);
    }

    [Fact]
    public async Task Execute_WhenTheV3WebIsUnhealthy_ShouldRollBack()
    {
        var run = await RunAsync(Scenario.UpToWebSwitch().Operation("op-1", "SUCCEEDED").Probe("unhealthy", "/api/public/health 500")
            .Operation("op-2", "IN_PROGRESS").Operation("op-2", "SUCCEEDED").Probe("healthy"));

        Assert.Equal("HealthCheckFailedException", run.Error);
        Assert.Contains("The v3 web did not pass", run.Cause);
        Assert.Matches(RollbackSucceeded(), run.Cause);
    }

    [Fact]
    public async Task Execute_WhenTheWebSwitchNeverFinishes_ShouldRollBackAfterThePollLimit()
    {
        var scenario = Scenario.UpToWebSwitch();
        for (var i = 0; i < 3; i++)
        {
            scenario.Operation("op-1", "IN_PROGRESS");
        }

        var run = await RunAsync(scenario.Operation("none", "SUCCEEDED").Probe("healthy"));

        Assert.Equal("WebSwitchFailedException", run.Error);
        Assert.Contains("still running after 3 polls", run.Cause);
    }

    private async Task<Execution> RunAsync(Scenario scenario, JsonObject? input = null)
    {
        await moto.PrepareAsync();
        var definition = Regex.Replace(
            File.ReadAllText(RepositoryFiles.PathOf("statemachines", "migration.asl.json")),
            @"\$\{([A-Za-z0-9]+)\}",
            match => match.Groups[1].Value.EndsWith("FunctionArn", StringComparison.Ordinal)
                ? FunctionArnPrefix + match.Groups[1].Value[..^3]
                : StackValues.GetValueOrDefault(match.Groups[1].Value, "value-of-" + match.Groups[1].Value));
        var created = await moto.CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = "langfuse-migration",
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::123456789012:role/langfuse-migration",
        });
        await moto.QueueLambdaResultsAsync(scenario.Results);
        var started = await moto.CallAsync("StartExecution", new JsonObject
        {
            ["stateMachineArn"] = created["stateMachineArn"]!.GetValue<string>(),
            ["name"] = "migration-test",
            ["input"] = (input ?? []).ToJsonString(),
        });
        var executionArn = started["executionArn"]!.GetValue<string>();

        JsonObject described;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(50);
            described = await moto.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn });
        }
        while (described["status"]!.GetValue<string>() == "RUNNING" && DateTime.UtcNow < deadline);

        var history = (await moto.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000 }))["events"]!.AsArray();
        var entered = history.Where(e => e!["type"]!.GetValue<string>().EndsWith("StateEntered", StringComparison.Ordinal)).ToArray();
        var tasks = new List<string>();
        var taskInputs = new Dictionary<string, JsonObject>();
        foreach (var scheduled in history.Where(e => e!["type"]!.GetValue<string>() == "TaskScheduled"))
        {
            var previous = entered.Last(e => e!["id"]!.GetValue<long>() < scheduled!["id"]!.GetValue<long>());
            var name = previous!["stateEnteredEventDetails"]!["name"]!.GetValue<string>();
            tasks.Add(name);
            taskInputs.TryAdd(name, JsonNode.Parse(scheduled!["taskScheduledEventDetails"]!["parameters"]!.GetValue<string>())!.AsObject());
        }

        var status = described["status"]!.GetValue<string>();
        return new Execution(
            status,
            described["output"] is { } output ? JsonNode.Parse(output.GetValue<string>())!.AsObject() : null,
            described["error"]?.GetValue<string>(),
            described["cause"]?.GetValue<string>() ?? "",
            entered.Select(e => e!["stateEnteredEventDetails"]!["name"]!.GetValue<string>()).ToArray(),
            tasks,
            taskInputs);
    }

    private static readonly Dictionary<string, string> StackValues = new()
    {
        ["DatabaseIdentifier"] = "langfuse-db",
        ["BackendOnFailure"] = "sleep",
        ["AwsRegion"] = "us-east-1",
        ["Partition"] = "aws",
    };

    [GeneratedRegex(@"\| rollback succeeded: the web serves the recorded v2 configuration again$")]
    private static partial Regex RollbackSucceeded();

    private sealed record Execution(string Status, JsonObject? Output, string? Error, string Cause, string[] States, List<string> Tasks, Dictionary<string, JsonObject> TaskInputs);

    /// <summary>The Lambda results of one execution, in the order the state machine invokes the step functions.</summary>
    private sealed class Scenario
    {
        public List<JsonNode> Results { get; } = [];

        public static JsonObject Plan(bool dryRun = false, string backendOnFailure = "sleep", int snapshotMaxPolls = 3) => new()
        {
            ["dryRun"] = dryRun,
            ["snapshotIdentifier"] = "langfuse-pre-v3-migration-test",
            ["database"] = new JsonObject { ["identifier"] = "langfuse-db", ["kind"] = "AuroraCluster" },
            ["web"] = new JsonObject { ["serviceArn"] = "arn:aws:apprunner:us-east-1:123456789012:service/langfuse/1", ["serviceUrl"] = "abc.awsapprunner.com" },
            ["rollback"] = new JsonObject { ["serviceArn"] = "arn:aws:apprunner:us-east-1:123456789012:service/langfuse/1" },
            ["backend"] = new JsonObject { ["cluster"] = "langfuse" },
            ["limits"] = new JsonObject
            {
                ["snapshotPollSeconds"] = 0, ["snapshotMaxPolls"] = snapshotMaxPolls, ["backendPollSeconds"] = 0, ["backendMaxPolls"] = 3,
                ["healthPollSeconds"] = 0, ["healthSuccessesRequired"] = 1, ["healthMaxAttempts"] = 3, ["webPollSeconds"] = 0, ["webMaxPolls"] = 3,
            },
            ["backendOnFailure"] = backendOnFailure,
            ["currentVersion"] = "2.95.1",
            ["targetVersion"] = "3.29.0",
        };

        public static Scenario UpToBackendHealth(JsonObject plan) =>
            new Scenario().Preflight(plan).Snapshot("creating").Snapshot("available")
                .Backend("clickhouse", false).Backend("clickhouse", true).Backend("worker", false).Backend("worker", true);

        public static Scenario UpToWebSwitch() => UpToBackendHealth(Plan()).Probe("healthy").Operation("op-1", "IN_PROGRESS");

        public static Scenario HappyPath() =>
            UpToWebSwitch().Operation("op-1", "SUCCEEDED").Probe("healthy").Detail("worker revision 3").Operation("op-2", "IN_PROGRESS").Add(new JsonObject
            {
                ["outcome"] = "Migrated",
                ["snapshotIdentifier"] = "langfuse-pre-v3-migration-test",
            });

        public Scenario Preflight(JsonObject plan) => Add(plan);

        public Scenario Snapshot(string status, string message = "") =>
            Add(new JsonObject { ["identifier"] = "langfuse-pre-v3-migration-test", ["status"] = status, ["statusMessage"] = message });

        public Scenario Backend(string component, bool steady) =>
            Add(new JsonObject { ["component"] = component, ["steady"] = steady, ["detail"] = steady ? "1/1 running" : "0/1 running" });

        public Scenario Probe(string verdict, string detail = "200") =>
            Add(new JsonObject { ["consecutiveSuccesses"] = verdict == "healthy" ? 1 : 0, ["attempts"] = 3, ["verdict"] = verdict, ["detail"] = detail });

        public Scenario Operation(string id, string status) => Add(new JsonObject { ["operationId"] = id, ["status"] = status });

        public Scenario Sleep() => Detail("worker 0, clickhouse 0");

        public Scenario Detail(string detail) => Add(new JsonObject { ["detail"] = detail });

        public Scenario Add(JsonNode result)
        {
            Results.Add(result);
            return this;
        }
    }
}
