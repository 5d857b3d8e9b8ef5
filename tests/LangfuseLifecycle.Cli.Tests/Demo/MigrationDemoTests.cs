using System.Text.Json.Nodes;
using System.Xml.Linq;
using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Emulation.StepFunctions;
using LangfuseLifecycle.Testing.Moto;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Cli.Tests.Demo;

/// <summary>
/// The demo's migration part against moto: the real statemachines/migration.asl.json in aws-local-stepfunctions, its
/// Task states through the Lambda Invoke emulator into the real step handlers, on moto and the App Runner emulator.
/// Asserted on what the emulators hold afterwards, not only on what the demo printed.
/// </summary>
[Collection(MotoCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class MigrationDemoTests(MotoFixture moto)
{
    private static readonly string RepositoryRoot = MigrationDemo.FindRepositoryRoot() ?? throw new InvalidOperationException("run from the repository");

    [Fact]
    public async Task RunAsync_WhenTheMigrationStartsWithEmptyInput_ShouldSnapshotWakeTheBackendSwitchTheWebToV3AndReportEveryPhase()
    {
        var output = new StringWriter();
        var scenario = MigrationDemoScenario.Migrate(DateTimeOffset.UtcNow);

        var result = await RunAsync(output, scenario);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}\n{output}");
        Assert.Equal(["Preflight", "Snapshot", "Backend", "Health", "Web switch", "Finish"], result.Phases);
        Assert.Equal("Migrated", (string?)result.Output?["outcome"]);
        Assert.Equal(result.SnapshotIdentifier, (string?)result.Output?["snapshotIdentifier"]);
        Assert.Equal(["preflight", "snapshot", "backend", "health", "webSwitch", "finish"], result.Output!["phases"]!.AsArray().Select(phase => (string?)phase!["phase"]));
        Assert.Equal(MigrationDemoInstallation.V2Image, result.WebBefore.ImageIdentifier);
        Assert.Equal(MigrationDemoInstallation.V3Image, result.WebAfter.ImageIdentifier);
        Assert.Equal(MigrationDemoInstallation.V3Image, result.WebAfter.ServingImageIdentifier);
        Assert.Equal("VPC", result.WebAfter.EgressType);
        var snapshot = await SnapshotAsync(result.SnapshotIdentifier);
        Assert.Equal("available", Child(snapshot, "Status"));
        Assert.Contains(snapshot.Descendants().Where(element => element.Name.LocalName == "Tag"), tag => Child(tag, "Value")!.EndsWith(":" + scenario.ExecutionName, StringComparison.Ordinal));
        Assert.Equal(1, await DesiredCountAsync(MigrationDemoInstallation.ClickHouseService));
        Assert.Equal(1, await DesiredCountAsync(MigrationDemoInstallation.WorkerService));
        Assert.All(result.Invocations, invocation => Assert.Contains(MigrationStackFunctions.Definitions, definition => MigrationStackFunctions.FunctionName(definition.LogicalId) == invocation.ShortFunctionName));
        Assert.Contains("Finish       background migrations on", output.ToString());
        AssertNoV2PlainValueInHistory(result);
    }

    [Fact]
    public async Task RunAsync_WhenAppRunnerFailsTheWebSwitch_ShouldRestoreV2AndFailWithTheSwitchErrorAndTheRollbackOutcome()
    {
        var output = new StringWriter();

        var result = await RunAsync(output, MigrationDemoScenario.WebSwitchFails(DateTimeOffset.UtcNow));

        Assert.False(result.Succeeded, output.ToString());
        Assert.Equal("FAILED", result.Status);
        Assert.Equal("WebSwitchFailedException", result.Error);
        Assert.Contains("ended ROLLBACK_SUCCEEDED", result.Cause);
        Assert.Contains(" | rollback succeeded", result.Cause);
        Assert.Equal(["Preflight", "Snapshot", "Backend", "Health", "Web switch", "Rollback"], result.Phases);
        Assert.Contains("Fail after switch", result.StatesEntered);
        Assert.DoesNotContain("Enable background migrations", result.StatesEntered);
        Assert.Equal("RUNNING", result.WebAfter.Status);
        Assert.Equal(MigrationDemoInstallation.V2Image, result.WebAfter.ImageIdentifier);
        Assert.Equal(result.WebBefore.EnvironmentVariables, result.WebAfter.EnvironmentVariables);
        Assert.Equal(result.WebBefore.Secrets, result.WebAfter.Secrets);
        Assert.Equal("available", Child(await SnapshotAsync(result.SnapshotIdentifier), "Status"));
        AssertNoV2PlainValueInHistory(result);
    }

    [Fact]
    public async Task RunAsync_WhenAHandlerThrows_ShouldReachTheAslAsTheExceptionsClassNameAndChangeNothing()
    {
        var output = new StringWriter();
        var scenario = new MigrationDemoScenario("v3 image outside the side-by-side range", "demo-preflight-" + Guid.NewGuid().ToString("N")[..8], FailWebSwitch: false,
            InputJson: """{"v3WebImage":"123456789012.dkr.ecr.us-east-1.amazonaws.com/langfuse:3.95.0"}""");

        var result = await RunAsync(output, scenario);

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("PreflightFailedException", result.Error);
        var lambdaError = JsonNode.Parse(result.Cause!)!;
        Assert.Equal("PreflightFailedException", (string?)lambdaError["errorType"]);
        Assert.Contains("v3WebImage", (string?)lambdaError["errorMessage"]);
        Assert.Equal(["Load settings", "Merge settings", "Preflight", "Preflight failed"], result.StatesEntered);
        Assert.Equal(MigrationDemoInstallation.V2Image, result.WebAfter.ImageIdentifier);
        Assert.Empty(result.WebOperations);
        var snapshots = await new MotoSeedRequests(moto.Endpoint).QueryAsync("rds", "2014-10-31", "DescribeDBClusterSnapshots", CancellationToken.None, ("DBClusterIdentifier", MigrationDemoInstallation.DatabaseIdentifier));
        Assert.DoesNotContain("langfuse-pre-v3-", snapshots.ToString());
        Assert.Equal(0, await DesiredCountAsync(MigrationDemoInstallation.ClickHouseService));
    }

    /// <summary>
    /// No v2 plain variable value in any state's input or output, nor in any payload a Task sent: the execution history
    /// (readable for 90 days by anyone with states:GetExecutionHistory) holds ARNs and names only.
    /// </summary>
    private static void AssertNoV2PlainValueInHistory(MigrationDemoResult result)
    {
        Assert.Contains("plain-v2-init-password-5f1c", result.WebBefore.EnvironmentVariables.Values);
        Assert.Contains(result.ExecutionEvents, line => line.Contains("\"StateExited\"", StringComparison.Ordinal) && line.Contains("\"output\"", StringComparison.Ordinal));
        foreach (var value in result.WebBefore.EnvironmentVariables.Values)
        {
            Assert.DoesNotContain(result.ExecutionEvents, line => line.Contains(value, StringComparison.Ordinal));
            Assert.DoesNotContain(result.Invocations, invocation => invocation.PayloadText.Contains(value, StringComparison.Ordinal));
        }
    }

    private async Task<MigrationDemoResult> RunAsync(StringWriter output, MigrationDemoScenario scenario)
    {
        // The node check and npm ci, then one migration run: the budgets inside, summed.
        using var timeout = new CancellationTokenSource(TestTimeouts.SumOf(NodeTools.EnsureInstalledTimeout, MigrationDemo.RunTimeout));
        await NodeTools.EnsureInstalledAsync(RepositoryRoot, output, timeout.Token);
        return await new MigrationDemo(output, RepositoryRoot).RunAsync(moto.Endpoint, scenario, timeout.Token);
    }

    private async Task<XElement> SnapshotAsync(string identifier)
    {
        var xml = await new MotoSeedRequests(moto.Endpoint).QueryAsync("rds", "2014-10-31", "DescribeDBClusterSnapshots", CancellationToken.None, ("DBClusterSnapshotIdentifier", identifier));
        return xml.Descendants().Single(element => element.Name.LocalName == "DBClusterSnapshot");
    }

    private async Task<int> DesiredCountAsync(string service)
    {
        var services = await new MotoSeedRequests(moto.Endpoint).EcsAsync("DescribeServices",
            new JsonObject { ["cluster"] = MigrationDemoInstallation.Cluster, ["services"] = new JsonArray(service) }, CancellationToken.None);
        return (int)services["services"]![0]!["desiredCount"]!;
    }

    private static string? Child(XElement element, string localName) => element.Elements().FirstOrDefault(child => child.Name.LocalName == localName)?.Value;
}
