using System.Text.Json.Serialization;
using LangfuseLifecycle.Core.Scheduling;

namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>
/// The scaler capability's JSON context: the <c>scaler</c> function's event and result (and any type a scaler handler
/// reads or writes). Referenced only by scaler handlers (and the CLI, which invokes the function), so the migration's
/// executable carries none of it (docs/lambda-runtime.md, "One executable per capability"). A new scaler event or
/// result type: one <c>[JsonSerializable(typeof(...))]</c> line here.
/// camelCase names, enums as strings, nulls omitted on write; nullable annotations and required constructor parameters are
/// enforced on read so a missing or null field fails with a message naming it; names are case-sensitive and a repeated
/// key is refused (never "last one wins"). The three function contexts (<see cref="Handlers.Diagnostics.DiagnosticsJsonContext"/>,
/// <see cref="Handlers.Scaler.ScalerJsonContext"/>, <see cref="Handlers.Migration.MigrationJsonContext"/>) carry the same
/// options (asserted by FunctionJsonContextsTests).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    PropertyNameCaseInsensitive = false,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ScalerEvent))]
[JsonSerializable(typeof(ScalerSummary))]
public sealed partial class ScalerJsonContext : JsonSerializerContext;
