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

    /// <summary>The scalable target a wake leaves, or null when it needs no change: the recorded range and suspension (what the
    /// user had before the sleep), never a lower minimum or a higher maximum than the user set, even one set while asleep.</summary>
    public static CapacityRange? CapacityForWake(RestoreRecord? record, CapacityRange? current)
    {
        if (current is null)
        {
            return null;
        }

        // Sleep changes only the minimum and the suspension: the current maximum is the user's, and a minimum above 0 now was set while asleep.
        var recorded = record?.Capacity ?? current;
        var maximum = current.MaxCapacity;
        var minimum = Math.Min(Math.Max(recorded.MinCapacity, current.MinCapacity), maximum);
        var wanted = new CapacityRange(minimum, maximum, record?.Capacity is null ? current.Suspended : recorded.Suspended);
        return wanted == current ? null : wanted;
    }

    /// <summary>The count a wake starts a service with: the recorded count, else the running one, else
    /// max(<paramref name="defaultDesiredCount"/>, the target's minimum); a restored or default count stays inside the target's range,
    /// so Application Auto Scaling never pulls it back and the wake never widens the range the user set.</summary>
    /// <param name="capacityAfterWake">The target's range once the wake is done (<see cref="CapacityForWake"/> or the current one).</param>
    public static int DesiredForWake(RestoreRecord? record, int currentDesired, int defaultDesiredCount, CapacityRange? capacityAfterWake)
    {
        if (record?.DesiredCount is not > 0 && currentDesired > 0)
        {
            return currentDesired;
        }

        var desired = record?.DesiredCount is > 0 and var recorded ? recorded : Math.Max(defaultDesiredCount, capacityAfterWake?.MinCapacity ?? 0);
        return capacityAfterWake is null ? desired : Math.Clamp(desired, capacityAfterWake.MinCapacity, capacityAfterWake.MaxCapacity);
    }
}
