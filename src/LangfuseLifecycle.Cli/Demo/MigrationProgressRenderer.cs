using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Cli.Commands.Migration;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>
/// Turns the interpreter's execution events (one JSON line each, as they happen) into the demo's live phase lines.
/// It reads the state names of statemachines/migration.asl.json (the names docs/migration.md lists), the step
/// results the ASL keeps (<c>$.preflight.plan</c>, <c>$.snapshot</c>, <c>$.backendStatus</c>, <c>$.progress.*</c>,
/// <c>$.webSwitch</c>, <c>$.rollback</c>) and the events' own timestamps. Which phase a state belongs to is decided by the
/// same <see cref="MigrationTimeline"/> that <c>migrate status</c> folds Step Functions history with: each event becomes a
/// <see cref="HistoryEvent"/>, so the demo and the CLI label an execution's phases alike.
/// </summary>
public sealed class MigrationProgressRenderer(TextWriter output, string? fileSystemZone = null)
{
    private readonly MigrationTimeline timeline = new();
    private long eventId;
    private readonly List<string> statesEntered = [];
    private readonly List<string> eventLines = [];
    private string? currentPhase;
    private long currentPhaseStart;
    private string? lastSnapshotStatus;
    private string? lastOperationStatus;
    private int successesRequired = 3;
    private bool rollbackSucceeded;
    private bool currentPhaseFailed;
    private string? versionBefore;
    private string? versionAfter;

    /// <summary>Phases in the order they started (Preflight, Snapshot, …, and Rollback when it ran).</summary>
    public IReadOnlyList<string> Phases => [.. timeline.Phases("RUNNING").Select(phase => phase.Phase)];

    public IReadOnlyList<string> StatesEntered => statesEntered;

    /// <summary>Every execution event as the interpreter wrote it (state inputs and outputs included): what the execution history would hold.</summary>
    public IReadOnlyList<string> EventLines => eventLines;

    /// <summary>The final line of the runner (status, output, error, cause) when it has arrived.</summary>
    public JsonObject? Result { get; private set; }

    public void OnLine(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        var node = JsonNode.Parse(line)!.AsObject();
        if (node["event"] is JsonObject executionEvent)
        {
            eventLines.Add(line);
            OnEvent(executionEvent);
        }
        else
        {
            Result = node;
        }
    }

    private void OnEvent(JsonObject executionEvent)
    {
        var type = Text(executionEvent["type"]);
        var timestamp = executionEvent["timestamp"]?.GetValue<long>() ?? 0;
        var stateName = Text(executionEvent["state"]?["name"]);
        if (type == "StateEntered" && stateName is not null)
        {
            statesEntered.Add(stateName);
        }

        foreach (var entry in timeline.Apply([AsHistoryEvent(type, timestamp, stateName)]))
        {
            if (entry.Kind == "phase")
            {
                EndPhase(timestamp, succeeded: true);
                currentPhase = entry.Phase;
                currentPhaseStart = timestamp;
                currentPhaseFailed = false;
            }
        }

        switch (type)
        {
            case "StateExited" when stateName is not null:
                OnStateExited(stateName, executionEvent["state"]?["output"]);
                break;
            case "StateRetried":
                Line($"↻ {stateName} retried after {Text(executionEvent["Error"])}");
                break;
            // A Fail state's own failure is the execution's, which the demo prints once at the end.
            case "StateFailed" when Text(executionEvent["state"]?["type"]) != "Fail":
                Line($"✗ {stateName}: {Text(executionEvent["Error"])}: {ErrorMessage(Text(executionEvent["Cause"]))}");
                break;
            case "ExecutionSucceeded":
                EndPhase(timestamp, succeeded: true);
                break;
            case "ExecutionFailed":
                // The rollback phase did its job when the web serves v2 again, even though the execution fails.
                EndPhase(timestamp, succeeded: currentPhase == "Rollback" && rollbackSucceeded);
                break;
        }
    }

    /// <summary>The interpreter's event in Step Functions history terms (what <see cref="MigrationTimeline"/> reads).</summary>
    private HistoryEvent AsHistoryEvent(string? type, long timestamp, string? stateName) => new()
    {
        Id = ++eventId,
        Type = type,
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(timestamp).UtcDateTime,
        StateEnteredEventDetails = type == "StateEntered" && stateName is not null ? new StateEnteredEventDetails { Name = stateName } : null,
    };

    private void OnStateExited(string stateName, JsonNode? stateOutput)
    {
        switch (stateName)
        {
            case "Preflight":
                var plan = stateOutput?["preflight"]?["plan"];
                successesRequired = plan?["limits"]?["healthSuccessesRequired"]?.GetValue<int>() ?? successesRequired;
                versionBefore = Text(plan?["currentVersion"]);
                versionAfter = Text(plan?["targetVersion"]);
                Line($"web v{versionBefore} RUNNING → target v{versionAfter} (side by side); database {Text(plan?["database"]?["identifier"])} ({Text(plan?["database"]?["kind"])}); "
                    + "no other migration running; nothing changed");
                break;
            case "Create snapshot" or "Check snapshot":
                var snapshotStatus = Text(stateOutput?["snapshot"]?["status"]);
                if (snapshotStatus != lastSnapshotStatus)
                {
                    lastSnapshotStatus = snapshotStatus;
                    Line($"{Text(stateOutput?["snapshot"]?["identifier"])} {snapshotStatus}");
                }

                break;
            case "Wake ClickHouse" or "Check ClickHouse" or "Wake worker" or "Check worker":
                var backend = stateOutput?["backendStatus"];
                if (backend?["steady"]?.GetValue<bool>() == true)
                {
                    var component = Text(backend["component"]) == "clickhouse" ? "ClickHouse" : "worker";
                    var zoneId = Text(stateOutput?["preflight"]?["plan"]?["backend"]?["availabilityZoneId"]);
                    var placement = component == "ClickHouse" ? $", in {(fileSystemZone is null ? zoneId : $"{fileSystemZone} ({zoneId})")}, the EFS One Zone AZ" : ", background migrations off";
                    Line($"{component} {Text(backend["detail"])}{placement}");
                }

                break;
            case "Probe backend":
                Progress("backend", stateOutput?["progress"]?["backendHealth"]);
                break;
            case "Switch web":
                lastOperationStatus = Text(stateOutput?["webSwitch"]?["status"]);
                Line($"v{versionBefore} → v{versionAfter}: App Runner UpdateService, operation {ShortId(Text(stateOutput?["webSwitch"]?["operationId"]))} {lastOperationStatus}");
                break;
            case "Check web switch":
                Operation(stateOutput?["webSwitch"]);
                break;
            case "Probe web":
                Progress("web", stateOutput?["progress"]?["webHealth"]);
                break;
            case "Web switch failed" or "Web switch timed out" or "Web unhealthy" or "Snapshot failed" or "Snapshot timed out" or "Backend unhealthy" or "ClickHouse timed out" or "Worker timed out":
                Line($"✗ {stateName}: {Text(stateOutput?["failure"]?["Cause"])}");
                break;
            case "Roll back web":
                lastOperationStatus = Text(stateOutput?["rollback"]?["status"]);
                var recorded = ImageTag(Text(stateOutput?["preflight"]?["plan"]?["web"]?["v2ImageIdentifier"]));
                var rollbackOperation = Text(stateOutput?["rollback"]?["operationId"]);
                Line(rollbackOperation == "none"
                    ? $"the service already runs the recorded v2 configuration ({recorded}; App Runner undid its failed deployment): no UpdateService needed"
                    : $"App Runner UpdateService back to the recorded v2 configuration ({recorded}), operation {ShortId(rollbackOperation)} {lastOperationStatus}");
                break;
            case "Check rollback":
                Operation(stateOutput?["rollback"]);
                break;
            case "Probe rolled-back web":
                Progress("v2 web", stateOutput?["progress"]?["rollbackHealth"]);
                break;
            case "Rollback succeeded" or "Rollback failed" or "Rollback could not start":
                rollbackSucceeded = stateName == "Rollback succeeded";
                Line($"{(rollbackSucceeded ? "" : "✗ ")}{Text(stateOutput?["rollbackOutcome"]?["outcome"])}");
                break;
            case "Put backend to sleep":
                Line(Text(stateOutput?["backendSleep"]?["detail"]) ?? "");
                break;
            case "Enable background migrations":
                Line($"background migrations on ({Text(stateOutput?["backgroundMigrations"]?["detail"])})");
                break;
        }
    }

    private void Progress(string target, JsonNode? progress)
    {
        var verdict = Text(progress?["verdict"]);
        Line($"{target} health {progress?["consecutiveSuccesses"]}/{successesRequired} in a row (attempt {progress?["attempts"]}): {Text(progress?["detail"])}"
            + (verdict == "unhealthy" ? " ✗ unhealthy" : ""));
    }

    private void Operation(JsonNode? operation)
    {
        var status = Text(operation?["status"]);
        if (status != lastOperationStatus)
        {
            lastOperationStatus = status;
            Line($"operation {ShortId(Text(operation?["operationId"]))} {status}");
        }
    }

    private void EndPhase(long timestamp, bool succeeded)
    {
        if (currentPhase is null)
        {
            return;
        }

        Line($"{(succeeded && !currentPhaseFailed ? "✓" : "✗")} {Seconds(timestamp - currentPhaseStart)}");
        currentPhase = null;
    }

    /// <summary>One line under the current phase's name, so each phase reads as a block; a ✗ line fails the phase.</summary>
    private void Line(string text)
    {
        currentPhaseFailed |= text.StartsWith('✗');
        output.WriteLine($"  {currentPhase,-12} {text}");
    }

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.0 s", CultureInfo.InvariantCulture);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToJsonString();

    private static string ShortId(string? id) => id is { Length: > 8 } ? id[..8] + "…" : id ?? "?";

    private static string ImageTag(string? image) => image is null ? "?" : image[(image.LastIndexOf('/') + 1)..];

    /// <summary>Lambda's error JSON keeps the message in errorMessage; anything else is shown as it is.</summary>
    private static string? ErrorMessage(string? cause)
    {
        if (cause is null || !cause.StartsWith('{'))
        {
            return cause;
        }

        try
        {
            return JsonNode.Parse(cause)?["errorMessage"]?.GetValue<string>() ?? cause;
        }
        catch (JsonException)
        {
            return cause;
        }
    }
}
