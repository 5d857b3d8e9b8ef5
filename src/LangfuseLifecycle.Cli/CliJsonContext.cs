using System.Text.Json.Serialization;
using LangfuseLifecycle.Cli.Contracts;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;

namespace LangfuseLifecycle.Cli;

/// <summary>
/// The CLI's source-generated context for <c>--output json</c>: its own reports, and the scaler summary it prints as the
/// function returns it. Same conventions as the functions' contexts (<c>ScalerJsonContext</c>, <c>MigrationJsonContext</c>) (camelCase, enums as strings, nulls
/// omitted, indented for people), so a summary reads the same from <c>wake --output json</c> and from the function.
/// Kept out of the Lambda bootstrap: the functions never write CLI output.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true)]
[JsonSerializable(typeof(CliError))]
[JsonSerializable(typeof(CostReport))]
[JsonSerializable(typeof(MigrationReport))]
[JsonSerializable(typeof(SchedulePlan))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(TestNotificationReport))]
[JsonSerializable(typeof(ScalerSummary))]
public sealed partial class CliJsonContext : JsonSerializerContext;
