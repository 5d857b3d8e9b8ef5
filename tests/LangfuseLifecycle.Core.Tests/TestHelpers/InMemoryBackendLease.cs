using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.TestHelpers;

/// <summary>The lease store in memory, with DynamoDB's semantics: a put succeeds when no lease is held or the one held has expired
/// at the new holder's start; a delete succeeds only for the holder.</summary>
public sealed class InMemoryBackendLease : IBackendLease
{
    private readonly object gate = new();

    public Dictionary<string, LeaseHolder> Held { get; } = new();

    public List<string> Calls { get; } = [];

    public Task<LeaseHolder?> TryAcquireAsync(string backendKey, LeaseHolder holder, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Calls.Add($"Acquire {backendKey} {holder.Action} {holder.HolderId}");
            if (Held.TryGetValue(backendKey, out var current) && current.ExpiresAt > holder.StartedAt)
            {
                return Task.FromResult<LeaseHolder?>(current);
            }

            Held[backendKey] = holder;
            return Task.FromResult<LeaseHolder?>(null);
        }
    }

    public Task ReleaseAsync(string backendKey, string holderId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Calls.Add($"Release {backendKey} {holderId}");
            if (Held.TryGetValue(backendKey, out var current) && current.HolderId == holderId)
            {
                Held.Remove(backendKey);
            }

            return Task.CompletedTask;
        }
    }
}
