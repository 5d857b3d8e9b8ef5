namespace LangfuseLifecycle.Core.Migration;

/// <summary>What preflight decided: every later step works from this, never from the raw settings.</summary>
public sealed record MigrationPlan
{
    public required bool DryRun { get; init; }
    public required string SnapshotIdentifier { get; init; }
    public required DatabaseTarget Database { get; init; }
    public required WebPlan Web { get; init; }
    /// <summary>Where the switch records the full v2 configuration before it changes the web: what rollback restores.</summary>
    public required WebRollbackRecord Rollback { get; init; }
    public required BackendTarget Backend { get; init; }
    public required MigrationLimits Limits { get; init; }
    /// <summary><c>sleep</c> puts a woken backend back to sleep when the migration stops before the switch; <c>leave</c> keeps it for diagnosis.</summary>
    public required string BackendOnFailure { get; init; }
    public required string CurrentVersion { get; init; }
    public required string TargetVersion { get; init; }
}

public sealed record DatabaseTarget(string Identifier, DatabaseKind Kind);

/// <summary>
/// The web's part of the plan. It travels through every state of the execution, whose history anyone with
/// states:GetExecutionHistory reads for 90 days: so it names the v2 configuration's record and carries the v3
/// changes (settings, secret ARNs), never a v2 value. The switch builds the v3 configuration from the record.
/// </summary>
/// <param name="V2ImageIdentifier">The image the v2 web ran at preflight (for the summary).</param>
/// <param name="Changes">What the v3 web changes on the recorded v2 configuration.</param>
/// <param name="V2Record">The SSM parameter the switch records the v2 configuration in (see <see cref="WebConfigurationRecord"/>).</param>
public sealed record WebPlan(string ServiceArn, string ServiceUrl, string V2ImageIdentifier, WebV3Changes Changes, string V2Record)
{
    /// <summary>The v3 web the switch sends: <paramref name="v2"/> with <see cref="Changes"/>.</summary>
    public WebConfiguration After(WebConfiguration v2) => Changes.ApplyTo(v2);

    /// <summary>The web after Finish: <see cref="After"/> without ClickHouse migrations at container start.</summary>
    public WebConfiguration Settled(WebConfiguration v2) => WebV3Configuration.Settled(Changes.ApplyTo(v2));
}

/// <param name="V2Record">The SSM parameter holding the v2 configuration; absent when the switch never changed the web.</param>
public sealed record WebRollbackRecord(string ServiceArn, string V2Record);

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
