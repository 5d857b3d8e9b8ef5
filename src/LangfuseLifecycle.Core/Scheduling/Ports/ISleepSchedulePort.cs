namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>A one-time EventBridge Scheduler schedule that sends this function a scaler action.</summary>
/// <param name="EndsKeepAwake">Sent as the event's <c>endsKeepAwake</c>: the keep-awake (by its until) written with this schedule, which the sleep ends.</param>
public sealed record OneTimeSchedule(string Name, DateTimeOffset At, string Action, string? Reason = null, DateTimeOffset? EndsKeepAwake = null);

/// <summary>One-time schedules in the scheduler's own group. The adapter owns the target (this function) and its role.</summary>
public interface ISleepSchedulePort
{
    /// <summary>Creates an <c>at()</c> schedule in UTC that deletes itself after running (ActionAfterCompletion DELETE).</summary>
    /// <returns>False when a schedule of that name was already there (the name encodes action and minute: it does the same thing).</returns>
    Task<bool> CreateAsync(OneTimeSchedule schedule, CancellationToken cancellationToken);

    /// <summary>Deletes a one-time schedule this scheduler created; one already gone is not an error.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>The pending one-time schedules whose names start with <paramref name="namePrefix"/>.</summary>
    Task<IReadOnlyList<OneTimeSchedule>> ListAsync(string namePrefix, CancellationToken cancellationToken);
}
