namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>Who holds a backend's lease, so a refused action can name it.</summary>
/// <param name="Action">The lifecycle action running (sleep, wake, keep-awake, migration: ClickHouse, ...).</param>
/// <param name="HolderId">Who runs it: the Lambda request id, the CLI's host and process, or the migration step's request id.</param>
/// <param name="ExpiresAt">When the lease lapses on its own if its holder never releases it (a crashed or timed-out run).</param>
public sealed record LeaseHolder(string Action, DateTimeOffset StartedAt, string HolderId, DateTimeOffset ExpiresAt);

/// <summary>One lifecycle action at a time per backend: a lease in a shared store taken with a conditional write.</summary>
public interface IBackendLease
{
    /// <summary>Takes the lease on <paramref name="backendKey"/> for <paramref name="holder"/> when no one holds it or the lease held has expired.</summary>
    /// <returns>null when taken; otherwise the holder that keeps it.</returns>
    Task<LeaseHolder?> TryAcquireAsync(string backendKey, LeaseHolder holder, CancellationToken cancellationToken);

    /// <summary>Gives the lease back, only while <paramref name="holderId"/> still holds it (an expired lease taken over by another action stays theirs).</summary>
    Task ReleaseAsync(string backendKey, string holderId, CancellationToken cancellationToken);
}
