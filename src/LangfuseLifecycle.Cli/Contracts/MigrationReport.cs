namespace LangfuseLifecycle.Cli.Contracts;

/// <summary><c>langfuse-lifecycle migrate start|status --output json</c>: one migration execution and its phases.</summary>
/// <param name="Status">Step Functions status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED (or PENDING_REDRIVE).</param>
/// <param name="Output">The state machine's final summary (JSON text) when it succeeded.</param>
public sealed record MigrationReport(
    string ExecutionArn,
    string? Name,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    string? Input,
    IReadOnlyList<MigrationPhaseReport> Phases,
    string? Error,
    string? Cause,
    string? Output);

/// <summary>One phase (Preflight, Snapshot, Backend, Health, Web switch, Rollback, Finish) as seen in the execution history.</summary>
/// <param name="Outcome">running, completed or failed.</param>
public sealed record MigrationPhaseReport(
    string Phase,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string LastState,
    int StatesEntered,
    string Outcome);
