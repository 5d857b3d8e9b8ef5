using System.Text.Json.Serialization;
using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

// The step functions' events and results: exactly what statemachines/migration.asl.json sends (Parameters/Payload)
// and selects (ResultSelector). Core's records (MigrationPlan, HealthProgress, …) travel as they are.

/// <summary>The merged settings (stack defaults + execution input). A name the migration does not know is refused, so a typo never passes silently.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MigrationSettingsInput
{
    public string? DatabaseIdentifier { get; init; }
    public string? WebServiceArn { get; init; }
    public string? V3WebImage { get; init; }
    public bool AllowImageOutsideRange { get; init; }
    public bool AllowFloatingImageTag { get; init; }
    public string? EcsCluster { get; init; }
    public string? ClickHouseService { get; init; }
    public string? WorkerService { get; init; }
    public string? ClickHouseFileSystemId { get; init; }
    public string? VpcConnectorArn { get; init; }
    public string? WebInstanceRoleArn { get; init; }
    public string? ClickHouseUrl { get; init; }
    public string? ClickHouseMigrationUrl { get; init; }
    public string? ClickHouseUser { get; init; }
    public string? ClickHousePasswordSecretArn { get; init; }
    public string? RedisHost { get; init; }
    public string? RedisPort { get; init; }
    public string? RedisAuthSecretArn { get; init; }
    public string? RedisTlsEnabled { get; init; }
    public string? EventUploadBucket { get; init; }
    public string? MediaUploadBucket { get; init; }
    public string? S3Region { get; init; }
    public string? EncryptionKeySecretArn { get; init; }
    public string? WorkerHealthUrl { get; init; }
    public string? BackendOnFailure { get; init; }
    public string? SnapshotIdentifier { get; init; }
    public bool DryRun { get; init; }
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int SnapshotPollSeconds { get; init; } = 30;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int SnapshotMaxPolls { get; init; } = 240;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int BackendPollSeconds { get; init; } = 15;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int BackendMaxPolls { get; init; } = 40;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int HealthPollSeconds { get; init; } = 10;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int HealthSuccessesRequired { get; init; } = 3;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int HealthMaxAttempts { get; init; } = 60;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int WebPollSeconds { get; init; } = 20;
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int WebMaxPolls { get; init; } = 90;

    /// <summary>Empty strings are how an unset stack parameter arrives; Core treats them like absent values.</summary>
    public MigrationSettings ToSettings() => new()
    {
        DatabaseIdentifier = DatabaseIdentifier,
        WebServiceArn = WebServiceArn,
        V3WebImage = V3WebImage,
        AllowImageOutsideRange = AllowImageOutsideRange,
        AllowFloatingImageTag = AllowFloatingImageTag,
        EcsCluster = EcsCluster,
        ClickHouseService = ClickHouseService,
        WorkerService = WorkerService,
        ClickHouseFileSystemId = ClickHouseFileSystemId,
        VpcConnectorArn = VpcConnectorArn,
        WebInstanceRoleArn = WebInstanceRoleArn,
        ClickHouseUrl = ClickHouseUrl,
        ClickHouseMigrationUrl = ClickHouseMigrationUrl,
        ClickHouseUser = ClickHouseUser,
        ClickHousePasswordSecretArn = ClickHousePasswordSecretArn,
        RedisHost = RedisHost,
        RedisPort = RedisPort,
        RedisAuthSecretArn = RedisAuthSecretArn,
        RedisTlsEnabled = RedisTlsEnabled,
        EventUploadBucket = EventUploadBucket,
        MediaUploadBucket = MediaUploadBucket,
        S3Region = S3Region,
        EncryptionKeySecretArn = EncryptionKeySecretArn,
        WorkerHealthUrl = WorkerHealthUrl,
        BackendOnFailure = BackendOnFailure,
        SnapshotIdentifier = string.IsNullOrEmpty(SnapshotIdentifier) ? null : SnapshotIdentifier,
        DryRun = DryRun,
        SnapshotPollSeconds = SnapshotPollSeconds,
        SnapshotMaxPolls = SnapshotMaxPolls,
        BackendPollSeconds = BackendPollSeconds,
        BackendMaxPolls = BackendMaxPolls,
        HealthPollSeconds = HealthPollSeconds,
        HealthSuccessesRequired = HealthSuccessesRequired,
        HealthMaxAttempts = HealthMaxAttempts,
        WebPollSeconds = WebPollSeconds,
        WebMaxPolls = WebMaxPolls,
    };
}

/// <summary>From the context object: <c>$$.Execution.Name/Id/StartTime</c>, <c>$$.StateMachine.Id</c>.</summary>
public sealed record ExecutionInput(string Name, string Id, string StateMachineArn, string? StartTime = null);

public sealed record PreflightEvent(MigrationSettingsInput Settings, ExecutionInput Execution);

public sealed record SnapshotEvent(DatabaseTarget Database, string SnapshotIdentifier, string ExecutionId);

/// <param name="Component"><c>clickhouse</c> or <c>worker</c>.</param>
public sealed record BackendEvent(BackendTarget Backend, string Component, bool BackgroundMigrations = false);

public sealed record BackendTargetEvent(BackendTarget Backend);

public sealed record BackendComponentResult(string Component, bool Steady, string Detail);

/// <summary>Progress as the state machine carries it; the first probe gets only the two counters.</summary>
public sealed record ProbeProgressInput(int ConsecutiveSuccesses, int Attempts);

public sealed record ProbeBackendEvent(BackendTarget Backend, MigrationLimits Limits, ProbeProgressInput Progress);

public sealed record ProbeWebEvent(WebPlan Web, MigrationLimits Limits, ProbeProgressInput Progress);

public sealed record SwitchWebEvent(WebPlan Web);

public sealed record RollbackWebEvent(WebPlan Web, WebRollbackRecord Rollback);

public sealed record WebOperationStatusEvent(string ServiceArn, string OperationId);

public sealed record WebOperationResult(string OperationId, string Status);

public sealed record DetailResult(string Detail);

public sealed record PhaseStartInput(DateTimeOffset StartedAt);

public sealed record ReportEvent(MigrationPlan Plan, SnapshotObservation Snapshot, Dictionary<string, PhaseStartInput> Phases, DateTimeOffset FinishedAt, ExecutionInput Execution);
