namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// Step Functions keeps at most 25,000 events in an execution's history; the event that would pass it fails the
/// execution outright (States.Runtime-like: no Catch, so no rollback). The migration's wait/poll loops are the only
/// unbounded part, so preflight refuses poll limits whose worst case could pass the limit.
/// The numbers below are measured from statemachines/migration.asl.json (MigrationHistoryBudgetTests derives them from
/// the file and fails when they differ): a Task state writes 5 events (TaskStateEntered, TaskScheduled, TaskStarted,
/// TaskSucceeded, TaskStateExited), a Pass, Wait, Choice, Succeed or Fail state 2.
/// </summary>
public static class MigrationHistoryBudget
{
    /// <summary>Step Functions' history limit per execution (Standard workflows).</summary>
    public const int Limit = 25_000;

    /// <summary>
    /// Everything but the loops: each state of the definition once, ExecutionStarted and its end, and every Retry of
    /// every Task used up once (3 events per extra attempt: TaskScheduled, TaskStarted, TaskFailed).
    /// </summary>
    public const int FixedEvents = 912;

    /// <summary>One loop of the definition: its Wait state, the setting that bounds its iterations, and the events one iteration writes.</summary>
    public sealed record Loop(string WaitState, string Setting, int EventsPerIteration);

    /// <summary>Every wait/poll loop. A path through them all is possible: a switch that ends at its last poll, a v3 web that fails its probes, then the rollback.</summary>
    public static IReadOnlyList<Loop> Loops { get; } =
    [
        new("Wait for snapshot", "snapshotMaxPolls", 11),
        new("Wait for ClickHouse", "backendMaxPolls", 11),
        new("Wait for worker", "backendMaxPolls", 11),
        new("Wait before backend probe", "healthMaxAttempts", 9),
        new("Wait for web switch", "webMaxPolls", 13),
        new("Wait before web probe", "healthMaxAttempts", 9),
        new("Wait for rollback", "webMaxPolls", 13),
        new("Wait before rolled-back web probe", "healthMaxAttempts", 9),
    ];

    /// <summary>The most events one execution can write with these settings (every loop to its limit, every retry once).</summary>
    public static int WorstCase(MigrationSettings settings) =>
        FixedEvents + Loops.Sum(loop => loop.EventsPerIteration * LimitOf(settings, loop.Setting));

    /// <summary>Events per unit of each setting, largest first: what the refusal names.</summary>
    public static IReadOnlyList<(string Setting, int Value, int Events)> Contributions(MigrationSettings settings) =>
        [.. Loops.GroupBy(loop => loop.Setting)
            .Select(group => (Setting: group.Key, Value: LimitOf(settings, group.Key), Events: group.Sum(loop => loop.EventsPerIteration) * LimitOf(settings, group.Key)))
            .OrderByDescending(contribution => contribution.Events)];

    public static int LimitOf(MigrationSettings settings, string setting) => setting switch
    {
        "snapshotMaxPolls" => settings.SnapshotMaxPolls,
        "backendMaxPolls" => settings.BackendMaxPolls,
        "healthMaxAttempts" => settings.HealthMaxAttempts,
        "webMaxPolls" => settings.WebMaxPolls,
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "not a poll limit"),
    };
}
