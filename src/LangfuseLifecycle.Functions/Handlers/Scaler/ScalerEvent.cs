namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>The scaler's event: <c>{"action":"sleep"|"wake"|"status"|"keep-awake","dryRun":false,"forHours":null,"reason":"...","until":null,"force":false}</c>; only action is required.</summary>
public sealed record ScalerEvent(
    string? Action = null,
    bool? DryRun = null,
    double? ForHours = null,
    string? Reason = null,
    string? Until = null,
    bool? Force = null);
