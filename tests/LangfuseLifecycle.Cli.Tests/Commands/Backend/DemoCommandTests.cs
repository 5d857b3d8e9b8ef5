using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_WhenRun_ShouldRunTheLifecycleAndBothMigrationsOnItsOwnEmulatorsAndExitOk()
    {
        // Arrange / Act: the demo starts its own moto_server and emulators.
        var run = await CliRun.RunAsync("demo");

        // Assert
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("moto_server listening on", run.Json);
        Assert.Contains("sleep: completed", run.Json);
        Assert.Contains("$ langfuse-lifecycle status", run.Json);
        Assert.Contains("Next wake:", run.Json);
        Assert.Contains("$ langfuse-lifecycle plan --days 3", run.Json);
        Assert.Contains("Awake h", run.Json);
        Assert.Contains("Execution SUCCEEDED", run.Json);
        Assert.Contains("error  WebSwitchFailedException", run.Json);
        Assert.Contains("Done in", run.Json);
    }
}
