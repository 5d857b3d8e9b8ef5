using System.Text.Json.Nodes;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>The ScalerFunction after the SAM transform: its two schedules, its role, and the cluster-name wiring.</summary>
public sealed class ScalerRenderedTemplateTests
{
    private static readonly Lazy<JsonObject> Rendered = new(() => TemplateFiles.Render(TemplateFiles.ParentTemplate));

    private static readonly Dictionary<string, string> Existing = new()
    {
        ["BackendMode"] = "existing",
        ["LangfuseCluster"] = "langfuse",
        ["ClickHouseService"] = "langfuse-clickhouse",
        ["WorkerServices"] = "langfuse-worker",
        ["ClickHouseFileSystemId"] = "fs-0123456789abcdef0",
    };

    [Fact]
    public void Schedules_WhenRendered_ShouldWakeAndSleepTheFunctionInTheScheduleTimezone()
    {
        // Arrange
        var evaluator = new TemplateEvaluator(Rendered.Value, Existing);

        // Act
        var schedules = evaluator.Resources("AWS::Scheduler::Schedule").Select(pair => evaluator.ResolvedProperties(pair.LogicalId)).ToList();

        // Assert
        Assert.Equal(2, schedules.Count);
        Assert.All(schedules, schedule => Assert.Equal("Asia/Tokyo", schedule["ScheduleExpressionTimezone"]!.GetValue<string>()));
        Assert.Contains(schedules, schedule => schedule["ScheduleExpression"]!.GetValue<string>() == "cron(0 8 ? * MON-FRI *)"
            && schedule["Target"]!["Input"]!.GetValue<string>().Contains("\"wake\"", StringComparison.Ordinal));
        Assert.Contains(schedules, schedule => schedule["ScheduleExpression"]!.GetValue<string>() == "cron(0 20 ? * MON-FRI *)"
            && schedule["Target"]!["Input"]!.GetValue<string>().Contains("\"sleep\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Schedules_WhenRendered_ShouldLiveInTheStacksOwnGroupSoTwoStacksNeverClash()
    {
        // Arrange: SAM names a ScheduleV2 schedule after its logical id; in the "default" group a second stack would clash.
        var evaluator = new TemplateEvaluator(Rendered.Value, Existing);

        // Act
        var groups = evaluator.Resources("AWS::Scheduler::Schedule")
            .Select(pair => evaluator.ResolvedProperties(pair.LogicalId)["GroupName"]?.ToJsonString())
            .ToList();

        // Assert
        Assert.Equal(2, groups.Count);
        Assert.All(groups, group => Assert.Equal("""{"Ref":"ScalerScheduleGroup"}""", group));
    }

    [Fact]
    public void ScalerRole_WhenRendered_ShouldAllowOnlyReadActionsOnEveryResource()
    {
        // Arrange
        var role = Rendered.Value["Resources"]!["ScalerFunctionRole"]!.AsObject();
        var statements = new List<JsonObject>();
        Collect(role, statements);

        // Act
        var onEverything = statements
            .Where(statement => statement["Resource"] is JsonValue value && value.GetValue<string>() == "*")
            .SelectMany(statement => statement["Action"] is JsonArray actions ? actions.Select(action => action!.GetValue<string>()) : [statement["Action"]!.GetValue<string>()])
            .ToList();

        // Assert
        Assert.True(statements.Count >= 8, $"found {statements.Count} statements");
        Assert.All(onEverything, action => Assert.Matches(@":(Describe|List|Get)", action));
    }

    private static void Collect(JsonNode? node, List<JsonObject> statements)
    {
        switch (node)
        {
            case JsonObject item when item.ContainsKey("Effect") && item.ContainsKey("Action"):
                statements.Add(item);
                break;
            case JsonObject item:
                foreach (var (_, child) in item)
                {
                    Collect(child, statements);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, statements);
                }

                break;
        }
    }
}
