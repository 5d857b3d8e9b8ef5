using System.Text.Json.Serialization;

namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>The scaler's event: <c>{"action":"sleep"|"wake"|"status"|"keep-awake","dryRun":false,"forHours":null,"reason":"...","until":null,"force":false}</c>;
/// only action is required. Member names are exact: an unknown, misspelled or repeated member is refused (<see cref="ScalerHandler.DeserializeEvent"/>).</summary>
/// <param name="EndsKeepAwake">Sent only by the one-time sleep a wake-for-hours schedules: the keep-awake (its until, ISO 8601) that the
/// same request wrote and that this sleep ends, so the sleep is never skipped by it however early it is delivered.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ScalerEvent(
    string? Action = null,
    bool? DryRun = null,
    double? ForHours = null,
    string? Reason = null,
    string? Until = null,
    bool? Force = null,
    string? EndsKeepAwake = null);
