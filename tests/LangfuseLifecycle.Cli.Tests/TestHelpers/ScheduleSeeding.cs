using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

/// <summary>Deployed schedules the CLI reads, created the way template.yaml's ScheduleV2 events create them.</summary>
public static class ScheduleSeeding
{
    /// <summary>A recurring EventBridge Scheduler schedule in the default group, as SAM's ScheduleV2 event deploys it.</summary>
    public static Task<JsonNode> CreateScheduleAsync(this MotoSeedRequests requests, string name, string expression, string timeZone, string functionArn, string action, string state = "ENABLED")
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.RestJsonAsync(HttpMethod.Post, "scheduler", $"schedules/{name}", new JsonObject
        {
            ["ScheduleExpression"] = expression,
            ["ScheduleExpressionTimezone"] = timeZone,
            ["FlexibleTimeWindow"] = new JsonObject { ["Mode"] = "OFF" },
            ["State"] = state,
            ["Target"] = new JsonObject
            {
                ["Arn"] = functionArn,
                ["RoleArn"] = "arn:aws:iam::123456789012:role/scheduler",
                ["Input"] = new JsonObject { ["action"] = action, ["reason"] = "schedule" }.ToJsonString(),
            },
        });
    }
}
