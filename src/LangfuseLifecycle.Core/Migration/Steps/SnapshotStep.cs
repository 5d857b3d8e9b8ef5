using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Migration.Steps;

/// <summary>
/// Creates the pre-migration snapshot or, when it exists (a retried or repeated step), returns its state.
/// The same step serves as the poll in the state machine's wait loop.
/// </summary>
public sealed class SnapshotStep(IDatabaseSnapshots snapshots)
{
    public const string ExecutionTag = "langfuse-lifecycle:migration-execution";
    public const string PurposeTag = "langfuse-lifecycle:purpose";

    public async Task<SnapshotObservation> EnsureAsync(DatabaseTarget database, string snapshotIdentifier, string executionArn, CancellationToken cancellationToken)
    {
        var existing = await snapshots.FindSnapshotAsync(database, snapshotIdentifier, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ExecutionTag] = executionArn,
            [PurposeTag] = "pre-v3-migration",
        };
        return await snapshots.CreateSnapshotAsync(database, snapshotIdentifier, tags, cancellationToken).ConfigureAwait(false);
    }
}
