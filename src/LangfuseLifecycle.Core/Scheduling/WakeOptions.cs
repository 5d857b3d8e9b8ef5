namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>How a wake runs. The scheduled wake uses the defaults; the migration's Backend phase passes worker environment overrides.</summary>
/// <param name="WorkerEnvironment">Environment variables set on every worker container through a new task-definition revision before the workers start,
/// e.g. LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS=false. Needs an <see cref="Ports.ITaskDefinitionPort"/>.</param>
/// <param name="StartWorkers">False: wake ClickHouse only (the workers keep their state).</param>
/// <param name="WaitForWorkers">False: return once the workers were asked to start, without waiting for them to be steady and healthy.</param>
/// <param name="KeepAwake">Also write a keep-awake override on the ClickHouse service (wake-for-hours and keep-awake).</param>
/// <param name="BeforeFirstChange">Runs once every check that can refuse the wake has passed and before its first change
/// (wake-for-hours creates its one-time sleep here, so a refused wake leaves no schedule behind). Not run by a dry run.</param>
public sealed record WakeOptions(
    bool DryRun = false,
    string? Reason = null,
    IReadOnlyDictionary<string, string>? WorkerEnvironment = null,
    bool StartWorkers = true,
    bool WaitForWorkers = true,
    KeepAwakeRequest? KeepAwake = null,
    Func<CancellationToken, Task>? BeforeFirstChange = null);

/// <param name="ExtendOnly">True: never shorten an override already in place (wake-for-hours). False: replace it (keep-awake).</param>
public sealed record KeepAwakeRequest(DateTimeOffset Until, string? Reason, bool ExtendOnly);
