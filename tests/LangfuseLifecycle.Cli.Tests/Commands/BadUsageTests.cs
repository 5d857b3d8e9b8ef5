using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Faults;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands;

/// <summary>
/// Every command that changes something, given a bad flag or value against a real (moto) deployment behind a counting
/// proxy: exit 2, a message naming the flag, the command's usage, and nothing but reads reached AWS.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class BadUsageTests(MotoFixture moto)
{
    public static TheoryData<string, string[]> BadInvocations => new()
    {
        { "--for", ["wake", "--for", "soon"] },
        { "--for", ["wake", "--for", "1000h", "--skip-health-check"] },
        { "--for", ["wake", "--for", "-3h"] },
        { "--until", ["keep-awake"] },
        { "--until", ["keep-awake", "--until", "yesterday", "--skip-health-check"] },
        { "--until", ["keep-awake", "--until", "2020-01-01T00:00Z", "--skip-health-check"] },
        { "--timezone", ["wake", "--timezone", "Mars/Olympus", "--skip-health-check"] },
        { "--holidays", ["sleep", "--holidays", "christmas"] },
        { "--reason", ["sleep", "--reason", new string('x', 300)] },
        { "--output", ["sleep", "--output", "yaml"] },
        { "--dryrun", ["sleep", "--dryrun"] },
        { "--name", ["migrate", "start", "--name", "Bad_Name"] },
        { "--input", ["migrate", "start", "--input", "[1]"] },
        { "--poll-seconds", ["migrate", "start", "--poll-seconds", "-1"] },
        { "--days", ["plan", "--days", "0"] },
        { "--month", ["cost", "--month", "2026-13"] },
    };

    [Theory]
    [MemberData(nameof(BadInvocations))]
    public async Task Command_WhenFlagOrValueIsBad_ShouldExitBadUsageNamingTheFlagWithUsageAndOnlyRead(string flag, string[] args)
    {
        var stack = await ScalerStack.CreateAsync(moto);
        await using var proxy = FaultInjectingProxy.Start(moto.Endpoint);

        var run = await ScalerStack.RunAsync(stack.EnvironmentVia(proxy.Endpoint), args);

        Assert.True(run.ExitCode == ExitCodes.BadUsage, run.ToString());
        Assert.Contains(flag, run.Error.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("USAGE:", run.Output);
        var writes = proxy.Calls.Select(call => call.Request.Key).Where(key => !IsRead(key)).ToList();
        Assert.True(writes.Count == 0, $"calls that change something: {string.Join(", ", writes)}");
    }

    [Fact]
    public async Task Sleep_WhenFlagsAreGood_ShouldShowItsWritesOnTheProxy()
    {
        // The control for the theory above: the same proxy does see the writes of a valid command.
        var stack = await ScalerStack.CreateAsync(moto);
        await using var proxy = FaultInjectingProxy.Start(moto.Endpoint);

        var run = await ScalerStack.RunAsync(stack.EnvironmentVia(proxy.Endpoint), "sleep");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.True(proxy.CountCalls("cloudformation:DescribeStacks") == 1, string.Join(", ", proxy.CallCounts.Keys));
        Assert.True(proxy.CountCalls("ecs:UpdateService") >= 2, string.Join(", ", proxy.CallCounts.Keys));
    }

    private static bool IsRead(string key)
    {
        var operation = key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal);
    }
}
