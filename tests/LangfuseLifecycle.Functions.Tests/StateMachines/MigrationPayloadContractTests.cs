using System.Text.Json;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>
/// What each Task sends (Parameters.Payload) matches its handler's event type, and what its ResultSelector picks
/// ($.Payload.x) exists in the handler's serialized result: a renamed property fails here, not in a live execution.
/// </summary>
public class MigrationPayloadContractTests
{
    private static readonly JsonObject States = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("statemachines", "migration.asl.json")))!["States"]!.AsObject();

    private static readonly MigrationPlan Plan = SamplePlan();

    /// <summary>Function → (event type, a serialized sample result).</summary>
    private static readonly Dictionary<string, (Type Event, JsonNode Result)> Contracts = new()
    {
        ["MigrationPreflightFunction"] = (typeof(PreflightEvent), Serialize(Plan, MigrationJsonContext.Default.MigrationPlan)),
        ["MigrationSnapshotFunction"] = (typeof(SnapshotEvent), Serialize(new SnapshotObservation("s", "creating", ""), MigrationJsonContext.Default.SnapshotObservation)),
        ["MigrationWakeBackendFunction"] = (typeof(BackendEvent), Serialize(new BackendComponentResult("clickhouse", false, "0/1"), MigrationJsonContext.Default.BackendComponentResult)),
        ["MigrationBackendStatusFunction"] = (typeof(BackendEvent), Serialize(new BackendComponentResult("worker", true, "1/1"), MigrationJsonContext.Default.BackendComponentResult)),
        ["MigrationProbeBackendFunction"] = (typeof(ProbeBackendEvent), Serialize(HealthProgress.Start, MigrationJsonContext.Default.HealthProgress)),
        ["MigrationSleepBackendFunction"] = (typeof(BackendTargetEvent), Serialize(new DetailResult("asleep"), MigrationJsonContext.Default.DetailResult)),
        ["MigrationSwitchWebFunction"] = (typeof(SwitchWebEvent), Serialize(new WebOperationResult("op", "IN_PROGRESS"), MigrationJsonContext.Default.WebOperationResult)),
        ["MigrationWebOperationStatusFunction"] = (typeof(WebOperationStatusEvent), Serialize(new WebOperationResult("op", "SUCCEEDED"), MigrationJsonContext.Default.WebOperationResult)),
        ["MigrationProbeWebFunction"] = (typeof(ProbeWebEvent), Serialize(HealthProgress.Start, MigrationJsonContext.Default.HealthProgress)),
        ["MigrationRollbackWebFunction"] = (typeof(RollbackWebEvent), Serialize(new WebOperationResult("op", "IN_PROGRESS"), MigrationJsonContext.Default.WebOperationResult)),
        ["MigrationEnableBackgroundMigrationsFunction"] = (typeof(BackendTargetEvent), Serialize(new DetailResult("on"), MigrationJsonContext.Default.DetailResult)),
        ["MigrationReportFunction"] = (typeof(ReportEvent), Serialize(
            MigrationSummaryBuilder.Build(Plan, "run", "s", MigrationSummaryBuilder.PhaseOrder.ToDictionary(p => p, _ => DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch),
            MigrationJsonContext.Default.MigrationSummary)),
    };

    public static TheoryData<string> TaskStates => [.. States.Where(s => (string?)s.Value!["Type"] == "Task").Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(TaskStates))]
    public void Payload_WhenSentByTheTask_ShouldNameExactlyTheEventMembers(string state)
    {
        var (eventType, _) = Contract(state);
        var sent = States[state]!["Parameters"]!["Payload"]!.AsObject().Select(p => p.Key.EndsWith(".$", StringComparison.Ordinal) ? p.Key[..^2] : p.Key).ToHashSet();
        var members = Members(eventType);

        Assert.Empty(sent.Except(members));
        Assert.Empty(Required(eventType).Except(sent));
    }

    [Theory]
    [MemberData(nameof(TaskStates))]
    public void ResultSelector_WhenPickingFromThePayload_ShouldFindEachFieldInTheHandlerResult(string state)
    {
        var (_, result) = Contract(state);
        foreach (var (_, path) in States[state]!["ResultSelector"]!.AsObject())
        {
            var field = ((string)path!).Replace("$.Payload", "", StringComparison.Ordinal).TrimStart('.');
            Assert.True(field.Length == 0 || result[field] is not null, $"{state} selects $.Payload.{field}, which the handler's result lacks: {result.ToJsonString()}");
        }
    }

    private static (Type Event, JsonNode Result) Contract(string state)
    {
        var function = ((string)States[state]!["Parameters"]!["FunctionName"]!)[2..^1].Replace("Arn", "", StringComparison.Ordinal);
        return Contracts[function];
    }

    // The wire contract itself: the source-generated metadata the bootstrap deserializes with.
    private static HashSet<string> Members(Type type) =>
        MigrationJsonContext.Default.GetTypeInfo(type)!.Properties.Select(p => p.Name).ToHashSet();

    private static HashSet<string> Required(Type type) =>
        MigrationJsonContext.Default.GetTypeInfo(type)!.Properties.Where(p => p.IsRequired).Select(p => p.Name).ToHashSet();

    private static JsonNode Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonNode.Parse(JsonSerializer.Serialize(value, info))!;

    private static MigrationPlan SamplePlan()
    {
        var v2 = new WebConfiguration { ImageIdentifier = "langfuse:2.95.1", ImageRepositoryType = "ECR", HealthCheck = WebHealthCheck.GenerousForStartupMigrations };
        return new MigrationPlan
        {
            DryRun = false,
            SnapshotIdentifier = "langfuse-pre-v3-run",
            Database = new DatabaseTarget("db", DatabaseKind.AuroraCluster),
            Web = new WebPlan("arn:web", "web.example", v2.ImageIdentifier,
                new WebV3Changes { ImageIdentifier = "langfuse:3.29.0", ImageRepositoryType = "ECR", EgressType = "VPC", HealthCheck = v2.HealthCheck }, "/p/run/web-v2"),
            Rollback = new WebRollbackRecord("arn:web", "/p/run/web-v2"),
            Backend = new BackendTarget("cluster", "clickhouse", "worker", "fs-1", "use1-az1", "http://ch:8123/ping", "http://worker:3030/api/health"),
            Limits = new MigrationLimits(1, 2, 3, 4, 5, 1, 7, 8, 9),
            BackendOnFailure = "sleep",
            CurrentVersion = "2.95.1",
            TargetVersion = "3.29.0",
        };
    }
}
