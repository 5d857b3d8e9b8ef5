using System.Diagnostics;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>
/// Runs tests/statemachines (node:test): the definition in aws-local-stepfunctions with throwing local handlers,
/// which proves Retry and Catch (moto's interpreter cannot make a Lambda task fail). Needs `npm ci` at the root.
/// </summary>
[Trait("Category", "EndToEnd")]
public partial class LocalStepFunctionsSuiteTests
{
    [Theory]
    [InlineData("definition.test.mjs")]
    [InlineData("migration.test.mjs")]
    public async Task NodeSuite_WhenRunAgainstMigrationDefinition_ShouldPassEveryTest(string file)
    {
        var toolsInstalled = Directory.Exists(RepositoryFiles.PathOf("node_modules", "aws-local-stepfunctions"));
        Assert.True(toolsInstalled, "Run `npm ci` in the repository root: the ASL tests need asl-validator and aws-local-stepfunctions.");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryFiles.PathOf("tests", "statemachines"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("--test-reporter=tap");
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TestTimeouts.NodeRun);
        await process.WaitForExitAsync(timeout.Token);
        var log = await output + await errors;

        var passed = int.Parse(Count("pass").Match(log).Groups[1].Value);
        var failed = int.Parse(Count("fail").Match(log).Groups[1].Value);
        Assert.True(process.ExitCode == 0 && failed == 0, log);
        Assert.True(passed >= 8, $"Only {passed} node tests ran:\n{log}");
    }

    private static Regex Count(string name) => new($"^# {name} (\\d+)$", RegexOptions.Multiline);
}
