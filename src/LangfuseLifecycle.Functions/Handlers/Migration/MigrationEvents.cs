using System.Text.Json.Serialization;
using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

// The step functions' events and results: exactly what statemachines/migration.asl.json sends (Parameters/Payload)
// and selects (ResultSelector). Core's records (MigrationPlan, HealthProgress, …) travel as they are.

/// <summary>From the context object: <c>$$.Execution.Name/Id/StartTime</c>, <c>$$.StateMachine.Id</c>.</summary>
public sealed record ExecutionInput(string Name, string Id, string StateMachineArn, string? StartTime = null);

/// <summary>The merged settings (stack defaults + execution input) are read by <see cref="MigrationJsonContext.PreflightEventTypeInfo"/>.</summary>
public sealed record PreflightEvent(MigrationSettings Settings, ExecutionInput Execution);

public sealed record SnapshotEvent(DatabaseTarget Database, string SnapshotIdentifier, string ExecutionId);

/// <param name="Component"><c>clickhouse</c> or <c>worker</c>.</param>
public sealed record BackendEvent(BackendTarget Backend, string Component, bool BackgroundMigrations = false);

public sealed record BackendTargetEvent(BackendTarget Backend);

public sealed record BackendComponentResult(string Component, bool Steady, string Detail);

/// <summary>Progress as the state machine carries it; the first probe gets only the two counters.</summary>
public sealed record ProbeProgressInput(int ConsecutiveSuccesses, int Attempts)
{
    public HealthProgress ToProgress() => HealthProgress.Start with { ConsecutiveSuccesses = ConsecutiveSuccesses, Attempts = Attempts };
}

public sealed record ProbeBackendEvent(BackendTarget Backend, MigrationLimits Limits, ProbeProgressInput Progress);

public sealed record ProbeWebEvent(WebPlan Web, MigrationLimits Limits, ProbeProgressInput Progress);

/// <param name="Settle">false: the switch to v3; true: after Finish, the settled v3 web (no ClickHouse migrations at start).</param>
public sealed record SwitchWebEvent(WebPlan Web, bool Settle = false);

public sealed record RollbackWebEvent(WebPlan Web, WebRollbackRecord Rollback);

public sealed record WebOperationStatusEvent(string ServiceArn, string OperationId);

public sealed record WebOperationResult(string OperationId, string Status);

public sealed record DetailResult(string Detail);

public sealed record PhaseStartInput(DateTimeOffset StartedAt);

public sealed record ReportEvent(MigrationPlan Plan, SnapshotObservation Snapshot, Dictionary<string, PhaseStartInput> Phases, DateTimeOffset FinishedAt, ExecutionInput Execution);
