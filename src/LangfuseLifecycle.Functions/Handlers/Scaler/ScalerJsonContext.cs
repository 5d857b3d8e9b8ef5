using System.Text.Json.Serialization;
using LangfuseLifecycle.Core.Scheduling;

namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>
/// The scaler capability's JSON context: the <c>scaler</c> function's event and result (and any type a scaler handler
/// reads or writes). Referenced only by scaler handlers (and the CLI, which invokes the function), so the migration's
/// executable carries none of it (docs/lambda-runtime.md, "One executable per capability"). A new scaler event or
/// result type: one <c>[JsonSerializable(typeof(...))]</c> line here.
/// Options: the functions' one wire convention, written out on each capability's context (an attribute cannot be shared)
/// and described on <see cref="Diagnostics.DiagnosticsJsonContext"/>; FunctionJsonContextsTests asserts they agree.
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
