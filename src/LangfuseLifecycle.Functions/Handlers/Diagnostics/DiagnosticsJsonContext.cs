using System.Text.Json.Serialization;

namespace LangfuseLifecycle.Functions.Handlers.Diagnostics;

/// <summary>
/// The <c>ping</c> handler's event and result: the only JSON context every <c>bootstrap</c> carries, whatever capability it
/// was built for (docs/lambda-runtime.md, "One executable per capability"). Diagnostics types only: a scaler or migration
/// type registered here would be compiled into every executable.
/// The functions' one wire convention: camelCase names, enums as strings, nulls omitted on write; nullable annotations and
/// required constructor parameters are enforced on read so a missing or null field fails with a message naming it; names
/// are case-sensitive and a repeated key is refused (never "last one wins"). <see cref="Scaler.ScalerJsonContext"/> and
/// <see cref="Migration.MigrationJsonContext"/> repeat these options (FunctionJsonContextsTests asserts they agree).
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
[JsonSerializable(typeof(PingRequest))]
[JsonSerializable(typeof(PingResult))]
public sealed partial class DiagnosticsJsonContext : JsonSerializerContext;
