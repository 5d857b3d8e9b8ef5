using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Configuration;
using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>template.yaml and the code agree on the scaler's contract (cfn-lint checks the template itself).</summary>
public sealed partial class ScalerTemplateTests
{
    private static readonly string Template = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "template.yaml"));

    [Theory]
    [InlineData(ScalerConfiguration.Cluster)]
    [InlineData(ScalerConfiguration.ClickHouseService)]
    [InlineData(ScalerConfiguration.WorkerServices)]
    [InlineData(ScalerConfiguration.ClickHouseFileSystemId)]
    [InlineData(ScalerConfiguration.ClickHouseHealthUrl)]
    [InlineData(ScalerConfiguration.WorkerHealthUrl)]
    [InlineData(ScalerConfiguration.ScheduleTimezone)]
    [InlineData(ScalerConfiguration.Holidays)]
    [InlineData(ScalerConfiguration.EventBus)]
    [InlineData(ScalerConfiguration.ScheduleGroupName)]
    [InlineData(ScalerConfiguration.ScalerFunctionArn)]
    [InlineData(ScalerConfiguration.SchedulerRole)]
    public void ScalerFunction_WhenDeployed_ShouldSetEveryVariableTheConfigurationReads(string variable)
    {
        // Act
        var present = Regex.IsMatch(Template, $@"^\s+{variable}:", RegexOptions.Multiline);

        // Assert
        Assert.True(present, $"{variable} is read by ScalerConfiguration but not set in template.yaml");
    }

    [Fact]
    public void ScalerFunction_WhenDeployed_ShouldUseTheRegisteredHandlerAndScheduleSleepAndWake()
    {
        // Act
        var handler = HandlerLine().Match(Template).Groups[1].Value;

        // Assert
        Assert.Equal(ScalerHandler.HandlerName, handler);
        Assert.Contains(ScalerHandler.HandlerName, HandlerRegistry.Default.Names);
        Assert.Contains("""Input: '{"action":"wake","reason":"schedule"}'""", Template);
        Assert.Contains("""Input: '{"action":"sleep","reason":"schedule"}'""", Template);
        Assert.Contains("Default: cron(0 8 ? * MON-FRI *)", Template);
        Assert.Contains("Default: cron(0 20 ? * MON-FRI *)", Template);
    }

    [Fact]
    public void ScalerFunction_WhenDeployed_ShouldNotAllowAnyMutatingActionOnEveryResource()
    {
        // Arrange: statements are "Action: ..." followed by "Resource: ..." in this template.
        var statements = StatementPattern().Matches(Template);

        // Act
        var onEverything = statements
            .Where(statement => statement.Groups["resource"].Value.Trim() == "\"*\"")
            .SelectMany(statement => statement.Groups["actions"].Value.Trim('[', ']', ' ').Split(',', StringSplitOptions.TrimEntries))
            .ToList();

        // Assert
        Assert.NotEmpty(statements);
        Assert.All(onEverything, action => Assert.Matches(@":(Describe|List|Get)", action));
    }

    [GeneratedRegex(@"^\s+Handler:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex HandlerLine();

    [GeneratedRegex(@"Action:\s*(?<actions>[^\n]+)\n\s+Resource:\s*(?<resource>[^\n]*)")]
    private static partial Regex StatementPattern();
}
