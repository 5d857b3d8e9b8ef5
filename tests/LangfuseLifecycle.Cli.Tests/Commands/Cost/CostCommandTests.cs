using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands.Cost;

public sealed class CostCommandTests
{
    [Fact]
    public async Task Cost_WhenOnlyFlags_ShouldPriceWithoutAwsBesideTheSeedTable()
    {
        var run = await CliRun.RunAsync("cost", "--month", "2026-12", "--output", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var root = run.JsonRoot;
        Assert.Equal("flags", root.GetProperty("source").GetString());
        var comparison = root.GetProperty("comparison");
        Assert.Equal("ap-northeast-1", comparison.GetProperty("region").GetString());
        Assert.True(comparison.GetProperty("scheduled").GetProperty("total").GetDecimal() < comparison.GetProperty("alwaysOn").GetProperty("total").GetDecimal());
        var seed = root.GetProperty("seedReference");
        Assert.Equal(["v2", "v3 economy", "v3 proper"], seed.EnumerateArray().Select(row => row.GetProperty("name").GetString()));
        Assert.Equal(100m, seed[1].GetProperty("referenceMonthlyUsd").GetDecimal());
    }

    [Fact]
    public async Task Cost_WhenTextOutput_ShouldPrintBothColumnsAndTheSeedTable()
    {
        var run = await CliRun.RunAsync("cost", "--month", "2026-12", "--region", "us-east-1");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("us-east-1, 2026-12", run.Output);
        Assert.Contains("Always on", run.Output);
        Assert.Contains("Scheduled", run.Output);
        Assert.Contains("v3 economy", run.Output);
        Assert.Contains("Saved by the schedule", run.Output);
    }

    [Fact]
    public async Task Cost_WhenTaskSizeNotOfferedByFargate_ShouldExitBadUsageNamingTheFlag()
    {
        var run = await CliRun.RunAsync("cost", "--worker-size", "1x16");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("--worker-size", run.Error);
        Assert.Contains("1 vCPU with 16 GB is not offered by Fargate", run.Error);
    }

    [Fact]
    public async Task Cost_WhenScheduleNeverWakes_ShouldExitBadUsage()
    {
        var run = await CliRun.RunAsync("cost", "--wake-cron", "cron(0 8 30 2 ? *)");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("--wake-cron", run.Error);
    }

    [Fact]
    public async Task Cost_WhenRegionHasNoPrices_ShouldExitBadUsage()
    {
        var run = await CliRun.RunAsync("cost", "--region", "xx-nowhere-1");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("xx-nowhere-1", run.Error);
    }
}

[Collection(MotoCollection.Name)]
public sealed class CostCommandMotoTests(MotoFixture moto)
{
    [Fact]
    public async Task Cost_WhenStackGiven_ShouldPriceTheDeployedTaskSizesSpotAndEfs()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto);

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "cost", "--stack", LangfuseEnvironment.StackName, "--month", "2026-12", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var root = run.JsonRoot;
        Assert.Equal("deployed", root.GetProperty("source").GetString());
        var assumptions = string.Join("\n", root.GetProperty("assumptions").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("langfuse-clickhouse: 1 vCPU / 8 GB x86_64 on Fargate × 1", assumptions);
        // moto 5.2.1 drops capacityProviderStrategy on CreateService, so the deployed worker reads as on-demand here;
        // DeployedBackendReaderTests prove the Spot detection on the strategy itself.
        Assert.Contains("langfuse-worker: 1 vCPU / 2 GB x86_64 on Fargate × 2", assumptions);
        Assert.Contains("One Zone in us-east-1a", assumptions);
        Assert.Contains("2 holiday(s)", assumptions);
        var lines = root.GetProperty("comparison").GetProperty("alwaysOn").GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("description").GetString()).ToList();
        Assert.Contains("Fargate x86_64 vCPU (1 vCPU / 2 GB)", lines);
        Assert.Contains("EFS One Zone storage", lines);
        Assert.Equal("us-east-1", root.GetProperty("comparison").GetProperty("region").GetString());
    }

    [Fact]
    public async Task Cost_WhenFlagOverridesDeployedSize_ShouldPriceTheFlag()
    {
        var environment = await LangfuseEnvironment.CreateAsync(moto);

        var run = await CliRun.RunAsync(environment.ClientEnvironment, null, "cost", "--stack", LangfuseEnvironment.StackName, "--worker-size", "0.5x1", "--worker-on-demand", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var lines = run.JsonRoot.GetProperty("comparison").GetProperty("alwaysOn").GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("description").GetString()).ToList();
        Assert.Contains("Fargate x86_64 vCPU (0.5 vCPU / 1 GB)", lines);
    }

    [Fact]
    public async Task Cost_WhenStackDoesNotExist_ShouldExitActionFailedNamingTheStack()
    {
        await moto.ResetAsync();

        var run = await CliRun.RunAsync(moto.CreateClientEnvironment(), null, "cost", "--stack", "no-such-stack");

        Assert.Equal(ExitCodes.ActionFailed, run.ExitCode);
        Assert.Contains("Stack 'no-such-stack' was not found in us-east-1", run.Error);
    }
}
