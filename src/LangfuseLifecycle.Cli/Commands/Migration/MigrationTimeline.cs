using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Cli.Contracts;

namespace LangfuseLifecycle.Cli.Commands.Migration;

/// <summary>What one history event meant for the operator: a new phase, a failure, or the end.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Phase, string Text);

/// <summary>
/// Folds Step Functions history events into the migration's phases. The state machine marks each phase with a Pass
/// state named "&lt;Phase&gt; started" (Snapshot, Backend, Health, Web switch, Finish); everything before the first is
/// Preflight, and any state about rolling back is the Rollback phase. Unknown state names stay in the current phase,
/// so a renamed state degrades the display, never the follow.
/// </summary>
public sealed class MigrationTimeline
{
    public const string Preflight = "Preflight";
    public const string Rollback = "Rollback";
    private const string StartedSuffix = " started";

    private readonly List<PhaseState> phases = [];
    private long lastEventId;

    public string? Error { get; private set; }

    public string? Cause { get; private set; }

    public IReadOnlyList<MigrationPhaseReport> Phases(string executionStatus) =>
        [.. phases.Select((phase, index) => new MigrationPhaseReport(
            phase.Name,
            phase.StartedAt,
            index + 1 < phases.Count ? phases[index + 1].StartedAt : phase.EndedAt,
            phase.LastState,
            phase.StatesEntered,
            OutcomeOf(index, executionStatus)))];

    /// <summary>Applies events not seen before (by id) and returns what the operator should see about them.</summary>
    public IReadOnlyList<TimelineEntry> Apply(IEnumerable<HistoryEvent> events)
    {
        var entries = new List<TimelineEntry>();
        foreach (var historyEvent in events.Where(e => (e.Id ?? 0) > lastEventId).OrderBy(e => e.Id))
        {
            lastEventId = historyEvent.Id ?? lastEventId;
            var at = historyEvent.Timestamp is { } timestamp ? new DateTimeOffset(DateTime.SpecifyKind(timestamp, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
            switch (historyEvent.Type)
            {
                case "ExecutionStarted":
                    EnterPhase(Preflight, "(start)", at, entries);
                    break;
                case { } type when type.EndsWith("StateEntered", StringComparison.Ordinal) && historyEvent.StateEnteredEventDetails?.Name is { } state:
                    EnterState(state, at, entries);
                    break;
                case "TaskFailed" or "LambdaFunctionFailed" or "TaskTimedOut" or "LambdaFunctionTimedOut":
                    var (error, cause) = FailureOf(historyEvent);
                    entries.Add(new TimelineEntry(at, "step-failed", CurrentPhase, $"{Current?.LastState}: {error}{(cause is null ? string.Empty : $" — {cause}")}"));
                    break;
                case "ExecutionFailed" or "ExecutionAborted" or "ExecutionTimedOut":
                    (Error, Cause) = FailureOf(historyEvent);
                    Close(at);
                    entries.Add(new TimelineEntry(at, "execution-failed", CurrentPhase, $"{historyEvent.Type}: {Error}{(Cause is null ? string.Empty : $" — {Cause}")}"));
                    break;
                case "ExecutionSucceeded":
                    Close(at);
                    entries.Add(new TimelineEntry(at, "execution-succeeded", CurrentPhase, $"Succeeded after {CurrentPhase}"));
                    break;
            }
        }

        return entries;
    }

    /// <summary>Phase of a state: "Snapshot started" → Snapshot; rollback states → Rollback; otherwise null (stay).</summary>
    public static string? PhaseOfState(string state)
    {
        if (state.Contains("roll back", StringComparison.OrdinalIgnoreCase) || state.Contains("rollback", StringComparison.OrdinalIgnoreCase) || state.Contains("rolled-back", StringComparison.OrdinalIgnoreCase))
        {
            return Rollback;
        }

        return state.EndsWith(StartedSuffix, StringComparison.OrdinalIgnoreCase) ? state[..^StartedSuffix.Length] : null;
    }

    private PhaseState? Current => phases.Count == 0 ? null : phases[^1];

    private string CurrentPhase => Current?.Name ?? Preflight;

    private void EnterState(string state, DateTimeOffset at, List<TimelineEntry> entries)
    {
        var phase = PhaseOfState(state);
        if (phase is not null && phase != CurrentPhase)
        {
            EnterPhase(phase, state, at, entries);
        }
        else if (Current is null)
        {
            EnterPhase(Preflight, state, at, entries);
        }

        Current!.LastState = state;
        Current.StatesEntered++;
    }

    private void EnterPhase(string name, string state, DateTimeOffset at, List<TimelineEntry> entries)
    {
        if (Current?.Name == name)
        {
            return;
        }

        phases.Add(new PhaseState(name, at) { LastState = state });
        entries.Add(new TimelineEntry(at, "phase", name, name));
    }

    private void Close(DateTimeOffset at)
    {
        if (Current is { } current)
        {
            current.EndedAt = at;
        }
    }

    private string OutcomeOf(int index, string executionStatus)
    {
        if (index + 1 < phases.Count)
        {
            return "completed";
        }

        return executionStatus switch
        {
            "RUNNING" => "running",
            "FAILED" or "ABORTED" or "TIMED_OUT" => "failed",
            _ => "completed",
        };
    }

    private static (string Error, string? Cause) FailureOf(HistoryEvent historyEvent) => historyEvent switch
    {
        { ExecutionFailedEventDetails: { } d } => (d.Error ?? "Failed", d.Cause),
        { ExecutionAbortedEventDetails: { } d } => (d.Error ?? "Aborted", d.Cause),
        { ExecutionTimedOutEventDetails: { } d } => (d.Error ?? "TimedOut", d.Cause),
        { TaskFailedEventDetails: { } d } => (d.Error ?? "TaskFailed", d.Cause),
        { TaskTimedOutEventDetails: { } d } => (d.Error ?? "TaskTimedOut", d.Cause),
        { LambdaFunctionFailedEventDetails: { } d } => (d.Error ?? "LambdaFunctionFailed", d.Cause),
        { LambdaFunctionTimedOutEventDetails: { } d } => (d.Error ?? "LambdaFunctionTimedOut", d.Cause),
        _ => (historyEvent.Type ?? "Failed", null),
    };

    private sealed class PhaseState(string name, DateTimeOffset startedAt)
    {
        public string Name { get; } = name;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public DateTimeOffset? EndedAt { get; set; }

        public string LastState { get; set; } = string.Empty;

        public int StatesEntered { get; set; }
    }
}
