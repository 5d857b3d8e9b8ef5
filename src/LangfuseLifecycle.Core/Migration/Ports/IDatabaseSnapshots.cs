namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>RDS: the Aurora cluster or instance behind Langfuse and its snapshots. Never deletes anything.</summary>
public interface IDatabaseSnapshots
{
    /// <summary>The cluster or instance named <paramref name="identifier"/>, or null when neither exists.</summary>
    Task<DatabaseObservation?> DescribeDatabaseAsync(string identifier, CancellationToken cancellationToken);

    Task<SnapshotObservation?> FindSnapshotAsync(DatabaseTarget database, string snapshotIdentifier, CancellationToken cancellationToken);

    Task<SnapshotObservation> CreateSnapshotAsync(DatabaseTarget database, string snapshotIdentifier,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);
}
