namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>The scaler event as received (<c>{"action","dryRun","forHours","reason","until","force"}</c>); only Action is required. Validated by <see cref="ScalerRequestValidator"/>.</summary>
public sealed record ScalerRequest(
    string? Action,
    bool? DryRun = null,
    double? ForHours = null,
    string? Reason = null,
    string? Until = null,
    bool? Force = null,
    string? EndsKeepAwake = null);

public enum ScalerAction
{
    Sleep,
    Wake,
    Status,
    KeepAwake,
}

/// <summary>A validated request.</summary>
/// <param name="ForHours">Wake only: sleep again after this long.</param>
/// <param name="Until">KeepAwake only: scheduled sleeps are skipped until this instant.</param>
/// <param name="Force">Sleep: ignore (and clear) a keep-awake override. Wake: ignore a holiday.</param>
/// <param name="EndsKeepAwake">Sleep only (the one-time sleep of a wake-for-hours): the keep-awake override, by its until, that this sleep ends.</param>
public sealed record ScalerCommand(
    ScalerAction Action,
    bool DryRun,
    TimeSpan? ForHours,
    string? Reason,
    DateTimeOffset? Until,
    bool Force,
    DateTimeOffset? EndsKeepAwake = null)
{
    public string ActionName => Action switch
    {
        ScalerAction.Sleep => "sleep",
        ScalerAction.Wake => "wake",
        ScalerAction.Status => "status",
        _ => "keep-awake",
    };
}
