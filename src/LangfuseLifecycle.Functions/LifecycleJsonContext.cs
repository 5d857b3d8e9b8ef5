using System.Text.Json.Serialization;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Functions.Contracts.Cli;
using LangfuseLifecycle.Functions.Handlers.Diagnostics;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Handlers.Scaler;

namespace LangfuseLifecycle.Functions;

/// <summary>
/// The one source-generated context for user-facing JSON: handler events and results, summaries, CLI output.
/// Add each new event/result type as one <c>[JsonSerializable(typeof(...))]</c> line.
/// camelCase names, enums as strings, nulls omitted on write; nullable annotations and required constructor
/// parameters are enforced on read so a missing or null field fails with a message naming it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(PingRequest))]
[JsonSerializable(typeof(PingResult))]
// Migration (issue 4): events and results of the migration step functions.
[JsonSerializable(typeof(PreflightEvent))]
[JsonSerializable(typeof(MigrationPlan))]
[JsonSerializable(typeof(SnapshotEvent))]
[JsonSerializable(typeof(SnapshotObservation))]
[JsonSerializable(typeof(BackendEvent))]
[JsonSerializable(typeof(BackendTargetEvent))]
[JsonSerializable(typeof(BackendComponentResult))]
[JsonSerializable(typeof(ProbeBackendEvent))]
[JsonSerializable(typeof(ProbeWebEvent))]
[JsonSerializable(typeof(HealthProgress))]
[JsonSerializable(typeof(SwitchWebEvent))]
[JsonSerializable(typeof(RollbackWebEvent))]
[JsonSerializable(typeof(WebOperationStatusEvent))]
[JsonSerializable(typeof(WebOperationResult))]
[JsonSerializable(typeof(DetailResult))]
[JsonSerializable(typeof(ReportEvent))]
[JsonSerializable(typeof(MigrationSummary))]
// CLI output (--output json).
[JsonSerializable(typeof(CliError))]
[JsonSerializable(typeof(CostReport))]
[JsonSerializable(typeof(MigrationReport))]
[JsonSerializable(typeof(SchedulePlan))]
[JsonSerializable(typeof(StatusReport))]
// Scheduler (issue 3).
[JsonSerializable(typeof(ScalerEvent))]
[JsonSerializable(typeof(ScalerSummary))]
public sealed partial class LifecycleJsonContext : JsonSerializerContext
{
}
