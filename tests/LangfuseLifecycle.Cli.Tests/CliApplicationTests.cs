using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;

namespace LangfuseLifecycle.Cli.Tests;

public sealed class CliApplicationTests
{
    [Fact]
    public async Task Run_WhenTheCallerCancels_ShouldSayCancelledByTheCallerAndAfterHowLongInTextMode()
    {
        // Arrange
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Act
        var run = await CliRun.RunWithTokenAsync(cancelled.Token, new Dictionary<string, string>(), null, "demo");

        // Assert
        Assert.Equal(ExitCodes.ActionFailed, run.ExitCode);
        Assert.StartsWith("Cancelled: ", run.Error.TrimStart());
        Assert.Contains("cancelled by the caller", run.Error);
        Assert.Matches(@"after \d+ s", run.Error);
        Assert.DoesNotContain("Error:", run.Error);
    }

    [Fact]
    public async Task Run_WhenCommandUnknown_ShouldExitBadUsageWithUsage()
    {
        var run = await CliRun.RunAsync("hibernate");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("hibernate", run.Error);
        Assert.Contains("USAGE", run.Output);
    }

    [Fact]
    public async Task Run_WhenOptionUnknown_ShouldExitBadUsageAndShowTheCommandsUsage()
    {
        var run = await CliRun.RunAsync("cost", "--bogus");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("Unknown option 'bogus'", run.Error);
        Assert.Contains("langfuse-lifecycle cost [OPTIONS]", run.Output);
    }

    [Fact]
    public async Task Run_WhenSubcommandOptionUnknown_ShouldShowTheSubcommandsUsage()
    {
        var run = await CliRun.RunAsync("migrate", "start", "--dryrun");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("langfuse-lifecycle migrate start [OPTIONS]", run.Output);
    }

    [Fact]
    public async Task Run_WhenOutputFormatUnknown_ShouldExitBadUsageNamingTheFormats()
    {
        var run = await CliRun.RunAsync("cost", "--output", "yaml");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("--output 'yaml' is not a format: use --output text or --output json", run.Error);
    }

    [Fact]
    public async Task Run_WhenBadUsageWithJsonOutput_ShouldWriteErrorDocumentOnly()
    {
        var run = await CliRun.RunAsync("cost", "--month", "2026-13", "--output", "json");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Equal("BadUsage", run.JsonRoot.GetProperty("error").GetString());
        Assert.Contains("--month '2026-13' is not a month", run.JsonRoot.GetProperty("message").GetString());
        Assert.Equal(string.Empty, run.Output);
    }

    [Theory]
    [InlineData("""{"dryrun":true}""", "dryrun")]
    [InlineData("""{"dry_run":true}""", "dry_run")]
    [InlineData("""{"DryRun":true}""", "DryRun")]
    [InlineData("""{"dryRun":true,"dryRun":false}""", "dryRun")]
    [InlineData("""{"v3WebImage":"langfuse/langfuse:3.29","v3webImage":"langfuse/langfuse:3.30"}""", "v3webImage")]
    public async Task Run_WhenMigrateInputHasAnUnknownMisspelledOrRepeatedSetting_ShouldExitBadUsageNamingItWithoutCallingAws(string input, string member)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9" }, null, "migrate", "start", "--input", input);

        var error = run.Error.Replace("\n", string.Empty, StringComparison.Ordinal);
        Assert.True(run.ExitCode == ExitCodes.BadUsage, run.ToString());
        Assert.Contains($"'{member}'", error);
        Assert.Contains("v3WebImage", error);
    }

    [Fact]
    public async Task Run_WhenNoRegionAnywhere_ShouldExitBadUsageNamingTheRegionFlag()
    {
        var run = await CliRun.RunAsync("migrate", "status");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("--region", run.Error);
    }

    [Theory]
    [InlineData("migrate", "start", "--name", "Bad_Name")]
    [InlineData("migrate", "start", "--input", "[1]")]
    [InlineData("migrate", "start", "--input", "{not json")]
    [InlineData("migrate", "status", "--poll-seconds", "-1")]
    [InlineData("migrate", "status", "--state-machine", "MigrationStateMachine")]
    [InlineData("cost", "--efs", "regional")]
    [InlineData("cost", "--worker-size", "big")]
    [InlineData("cost", "--worker-count", "0")]
    public async Task Run_WhenFlagValueInvalid_ShouldExitBadUsageWithoutCallingAws(params string[] args)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9" }, null, args);

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("Error", run.Error);
    }
}
