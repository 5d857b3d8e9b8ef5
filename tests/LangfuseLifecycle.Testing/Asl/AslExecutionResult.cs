using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Testing.Asl;

/// <summary>How an execution ended, with every Task call and the interpreter's event log.</summary>
/// <param name="Status">SUCCEEDED or FAILED.</param>
/// <param name="Error">The execution's error name when FAILED (a Fail state's Error, or an uncaught task error).</param>
/// <param name="Events">aws-local-stepfunctions' event log: ExecutionStarted, StateEntered, StateFailed, StateRetried,
/// StateCaught, StateExited, ExecutionSucceeded/Failed…</param>
public sealed record AslExecutionResult(
    string Status,
    JsonNode? Output,
    string? Error,
    string? Cause,
    IReadOnlyList<AslTaskCall> TaskCalls,
    JsonArray Events)
{
    public bool Succeeded => Status == "SUCCEEDED";

    /// <summary>Names of the states entered, in order (a state entered twice appears twice).</summary>
    public IReadOnlyList<string> StatesEntered =>
        Events.Where(e => (string?)e?["type"] == "StateEntered").Select(e => (string?)e!["state"]?["name"] ?? string.Empty).ToList();

    /// <summary>How many times the named Task state's handler ran (retries included).</summary>
    public int CallsOf(string stateName) => TaskCalls.Count(call => call.State == stateName);

    /// <summary>Number of StateRetried events for the named state.</summary>
    public int RetriesOf(string stateName) =>
        Events.Count(e => (string?)e?["type"] == "StateRetried" && (string?)e!["state"]?["name"] == stateName);
}

/// <param name="Attempt">1 for the first call of this state, 2 for its first retry or next visit…</param>
public sealed record AslTaskCall(string State, JsonNode? Input, int Attempt);
