using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

/// <summary>
/// The migration capability's JSON context: the events and results of the migration step functions
/// (statemachines/migration.asl.json). Referenced only by migration handlers (and the CLI), so the scaler's executable
/// carries none of it (docs/lambda-runtime.md, "One executable per capability"). A new migration event or result type:
/// one <c>[JsonSerializable(typeof(...))]</c> line here.
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
// The v2 web record in SSM (SsmWebConfigurationRecords): written by the switch, read by Settle and the rollback.
[JsonSerializable(typeof(WebConfiguration))]
public sealed partial class MigrationJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The preflight event as the state machine sends it. Its settings are typed by people (execution input) and by
    /// DefinitionSubstitutions (numbers arrive as strings), so for <see cref="MigrationSettings"/> alone an unknown name
    /// is refused (a typo never passes silently) and numbers may be strings. Core's record stays free of JSON.
    /// </summary>
    /// <remarks>Built on first use: a static initializer here could run before the generated part's <c>Default</c>.</remarks>
    public static JsonTypeInfo<PreflightEvent> PreflightEventTypeInfo => preflightEventTypeInfo ??= CreatePreflightEventTypeInfo();

    private static JsonTypeInfo<PreflightEvent>? preflightEventTypeInfo;

    private static JsonTypeInfo<PreflightEvent> CreatePreflightEventTypeInfo()
    {
        var options = new JsonSerializerOptions(Default.Options)
        {
            TypeInfoResolver = Default.WithAddedModifier(static typeInfo =>
            {
                if (typeInfo.Type == typeof(MigrationSettings))
                {
                    typeInfo.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
                    typeInfo.NumberHandling = JsonNumberHandling.AllowReadingFromString;
                    typeInfo.Properties.Add(IgnoredConsoleComment(typeInfo));
                }
            }),
        };
        return (JsonTypeInfo<PreflightEvent>)options.GetTypeInfo(typeof(PreflightEvent));
    }

    /// <summary>
    /// The Step Functions console pre-fills the input with <c>{"Comment": "Insert your JSON here"}</c>; the state machine
    /// merges the whole input into the settings, so that one key is read and dropped: the console start works like
    /// <c>{}</c>, and every other unknown name is still refused.
    /// </summary>
    private static JsonPropertyInfo IgnoredConsoleComment(JsonTypeInfo settings)
    {
        // The source generator's own factory: CreateJsonPropertyInfo(Type, ...) would need runtime code generation (AOT).
        return JsonMetadataServices.CreatePropertyInfo(settings.Options, new JsonPropertyInfoValues<string?>
        {
            IsProperty = true,
            IsPublic = true,
            DeclaringType = typeof(MigrationSettings),
            PropertyName = "Comment",
            JsonPropertyName = "Comment",
            Setter = static (_, _) => { },
        });
    }
}
