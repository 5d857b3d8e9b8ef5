using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>How long a lease lives and how long a second action waits for it.</summary>
/// <param name="Duration">Lifetime of a lease nobody released: longer than the longest action (the scaler function's 900 s timeout),
/// so a running action never loses its lease, and short enough that a crashed one blocks the backend only briefly.</param>
/// <param name="MaxWait">How long a second action waits for the lease before it is refused with <see cref="BackendBusyException"/>.</param>
/// <param name="PollInterval">Pause between attempts to take the lease.</param>
public sealed record LeaseSettings(TimeSpan Duration, TimeSpan MaxWait, TimeSpan PollInterval)
{
    public static LeaseSettings Default { get; } = new(TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

    /// <summary>For tests: a second action is refused at once.</summary>
    public static LeaseSettings NoWait { get; } = new(TimeSpan.FromMinutes(20), TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>Runs one lifecycle action under the backend's lease: taken before the action's first read, released when it ends, also when it fails.</summary>
public sealed class BackendLeaseGuard(IBackendLease lease, TimeProvider time, LeaseSettings settings, string holderId)
{
    // The release must run after the action's own deadline token fired, so it gets a short token of its own.
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(10);

    public string HolderId { get; } = holderId;

    /// <summary>The lease key of a backend: its cluster and ClickHouse service, the same for the scaler, the CLI and the migration.</summary>
    public static string KeyOf(BackendTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return $"{topology.ClusterName}/{BackendTopology.ServiceName(topology.ClickHouseService)}";
    }

    public async Task<T> RunAsync<T>(string backendKey, string action, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await AcquireAsync(backendKey, action, cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseAsync(backendKey).ConfigureAwait(false);
        }
    }

    private async Task AcquireAsync(string backendKey, string action, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var now = time.GetUtcNow();
            var holder = await lease.TryAcquireAsync(backendKey, new LeaseHolder(action, now, HolderId, now + settings.Duration), cancellationToken).ConfigureAwait(false);
            if (holder is null)
            {
                return;
            }

            var waited = time.GetElapsedTime(started);
            if (waited + settings.PollInterval >= settings.MaxWait)
            {
                throw new BackendBusyException(backendKey, action, holder, waited);
            }

            await Task.Delay(settings.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(string backendKey)
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout, time);
        try
        {
            await lease.ReleaseAsync(backendKey, HolderId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The action's own outcome matters more than the release: an unreleased lease lapses at its expiry.
        }
    }
}
