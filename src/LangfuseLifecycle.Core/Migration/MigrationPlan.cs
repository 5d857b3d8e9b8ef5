namespace LangfuseLifecycle.Core.Migration;

/// <summary>What preflight decided: every later step works from this, never from the raw settings.</summary>
public sealed record MigrationPlan
{
    public required bool DryRun { get; init; }
    public required string SnapshotIdentifier { get; init; }
    public required DatabaseTarget Database { get; init; }
    public required WebPlan Web { get; init; }
    /// <summary>The full v2 configuration, recorded before any change: what rollback restores.</summary>
    public required WebRollbackRecord Rollback { get; init; }
    public required BackendTarget Backend { get; init; }
    public required MigrationLimits Limits { get; init; }
    /// <summary><c>sleep</c> puts a woken backend back to sleep when the migration stops before the switch; <c>leave</c> keeps it for diagnosis.</summary>
    public required string BackendOnFailure { get; init; }
    public required string CurrentVersion { get; init; }
    public required string TargetVersion { get; init; }
}

public sealed record DatabaseTarget(string Identifier, DatabaseKind Kind);

/// <param name="Settled">The web after Finish: <paramref name="After"/> without ClickHouse migrations at container start.</param>
public sealed record WebPlan(string ServiceArn, string ServiceUrl, WebConfiguration Before, WebConfiguration After, WebConfiguration Settled);

public sealed record WebRollbackRecord(string ServiceArn, WebConfiguration Configuration);

public sealed record BackendTarget(
    string Cluster,
    string ClickHouseService,
    string WorkerService,
    string FileSystemId,
    string? AvailabilityZoneId,
    string ClickHousePingUrl,
    string WorkerHealthUrl);

public sealed record MigrationLimits(
    int SnapshotPollSeconds,
    int SnapshotMaxPolls,
    int BackendPollSeconds,
    int BackendMaxPolls,
    int HealthPollSeconds,
    int HealthSuccessesRequired,
    int HealthMaxAttempts,
    int WebPollSeconds,
    int WebMaxPolls);

/// <summary>Preflight's answer: a plan, or the problems that block it (never both).</summary>
public sealed record PreflightOutcome(MigrationPlan? Plan, IReadOnlyList<PreflightProblem> Problems)
{
    public bool IsReady => Plan is not null;
}
