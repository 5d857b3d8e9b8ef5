using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Decides what a sleep records and what a wake restores. The invariant: a count recorded by a sleep survives until a wake used it.</summary>
public static class RestoreRecordRule
{
    /// <summary>The record a sleep must leave on the service, or null when there is nothing to restore later.</summary>
    /// <param name="existing">The record already on the service (a previous sleep that no wake consumed).</param>
    /// <param name="currentCapacity">The service's scalable target now, if it has one.</param>
    public static RestoreRecord? ForSleep(RestoreRecord? existing, int currentDesired, CapacityRange? currentCapacity, DateTimeOffset now, int defaultDesiredCount)
    {
        if (existing is not null)
        {
            // Already asleep, or a previous sleep stopped half-way: the record holds the truth from before that sleep.
            // Only a service someone scaled up again since then has a newer count.
            var desired = currentDesired > 0 ? currentDesired : existing.DesiredCount;
            var capacity = existing.Capacity ?? currentCapacity;
            return desired == existing.DesiredCount && capacity == existing.Capacity ? existing : new RestoreRecord(desired, capacity, now);
        }

        if (currentDesired > 0)
        {
            return new RestoreRecord(currentDesired, currentCapacity, now);
        }

        // Stopped by hand before the first sleep: only a scalable target minimum is worth keeping.
        if (currentCapacity is { MinCapacity: > 0 } range)
        {
            return new RestoreRecord(Math.Clamp(Math.Max(defaultDesiredCount, range.MinCapacity), range.MinCapacity, range.MaxCapacity), range, now);
        }

        return null;
    }

    /// <summary>The count a wake starts a service with.</summary>
    public static int DesiredForWake(RestoreRecord? record, int currentDesired, int defaultDesiredCount) =>
        record?.DesiredCount is > 0 and var recorded ? recorded
        : currentDesired > 0 ? currentDesired
        : defaultDesiredCount;

    /// <summary>The scalable target range after a wake, or null when it needs no change.</summary>
    public static CapacityRange? CapacityForWake(RestoreRecord? record, CapacityRange? current, int desiredAfterWake)
    {
        if (current is null)
        {
            return null;
        }

        var wanted = record?.Capacity ?? current;
        // Desired count must lie inside the range, or Application Auto Scaling pulls it back.
        wanted = new CapacityRange(Math.Min(wanted.MinCapacity, desiredAfterWake), Math.Max(wanted.MaxCapacity, desiredAfterWake));
        return wanted == current ? null : wanted;
    }
}
