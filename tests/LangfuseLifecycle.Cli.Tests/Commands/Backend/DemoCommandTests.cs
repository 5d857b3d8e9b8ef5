using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_WhenRun_ShouldRunTheLifecycleAndBothMigrationsOnItsOwnEmulatorsAndExitOk()
    {
        var run = await CliRun.RunAsync("demo");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("moto_server listening on", run.Json);
        Assert.Contains("sleep: completed", run.Json);
        Assert.Contains("Execution SUCCEEDED", run.Json);
        Assert.Contains("error  WebSwitchFailedException", run.Json);
        Assert.Contains("Done in", run.Json);
    }
}
