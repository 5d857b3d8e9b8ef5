using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Emulation.StepFunctions;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

[Trait("Category", "EndToEnd")]
public sealed class DemoCommandTests
{
    /// <summary>The sum of the budgets inside the demo, so one of their named errors fires before this does: moto's start,
    /// the node check and npm ci, Part 1 (7 handler events and 2 CLI commands against moto), and two migration runs.</summary>
    private static readonly TimeSpan DemoBudget = TestTimeouts.SumOf(
        new MotoServerOptions().StartTimeout,
        NodeTools.EnsureInstalledTimeout,
        TimeSpan.FromMinutes(2),
        MigrationDemo.RunTimeout * 2);

    [Fact]
    public async Task Demo_WhenRun_ShouldRunTheLifecycleAndBothMigrationsOnItsOwnEmulatorsAndExitOk()
    {
        // Arrange / Act: the demo starts its own moto_server and emulators.
        var run = await CliRun.RunWithinAsync(DemoBudget, new Dictionary<string, string>(), null, "demo");

        // Assert
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("moto_server listening on", run.Output);
        Assert.Contains("sleep: completed", run.Output);
        Assert.Contains("$ langfuse-lifecycle status", run.Output);
        Assert.Contains("Next wake:", run.Output);
        Assert.Contains("$ langfuse-lifecycle plan --days 3", run.Output);
        Assert.Contains("Awake h", run.Output);
        Assert.Contains("Execution SUCCEEDED", run.Output);
        Assert.Contains("error  WebSwitchFailedException", run.Output);
        Assert.Contains("Done in", run.Output);
        Assert.Empty(run.Json);
    }

    [Fact]
    public async Task RunAsync_WhenTheCallerCancelsDuringPart1_ShouldNameTheCallerThePartAndTheTime()
    {
        // Arrange: the caller's token fires as soon as moto_server is up, before the backend is created on it.
        using var caller = new CancellationTokenSource();
        var output = new CancellingWriter("moto_server listening on", caller);

        // Act
        var exception = await Assert.ThrowsAsync<DemoCancelledException>(() => new LifecycleDemo(output).RunAsync(caller.Token));

        // Assert
        Assert.Equal(DemoCancelledException.Caller, exception.CancelledBy);
        Assert.Equal("Part 1 (creating the backend on moto)", exception.During);
        Assert.StartsWith("cancelled by the caller during Part 1 (creating the backend on moto) after ", exception.Message);
        Assert.Matches(@"after \d+ s\.", exception.Message);
    }

    /// <summary>Cancels <paramref name="caller"/> once a line containing <paramref name="trigger"/> is written.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource caller) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true)
            {
                caller.Cancel();
            }
        }
    }
}
