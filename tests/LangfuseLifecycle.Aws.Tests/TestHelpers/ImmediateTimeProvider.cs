namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>
/// A clock fixed at <see cref="Now"/> whose timers fire at once (on the thread pool) and record the delay they were asked for,
/// so retry tests see the backoff schedule without waiting for it.
/// </summary>
internal sealed class ImmediateTimeProvider : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 29, 2, 30, 0, TimeSpan.Zero);

    public List<TimeSpan> RequestedDelays { get; } = [];

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (RequestedDelays)
        {
            RequestedDelays.Add(dueTime);
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new InertTimer();
    }
}

/// <summary>A clock whose timers never fire: a retry wait can only end through cancellation.</summary>
internal sealed class FrozenTimeProvider : TimeProvider
{
    public int TimersCreated { get; private set; }

    public override DateTimeOffset GetUtcNow() => new(2026, 11, 29, 2, 30, 0, TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        TimersCreated++;
        return new InertTimer();
    }
}

/// <summary>The timer both clocks above hand out: firing (or not) is decided when it is created, so it has nothing to change or release.</summary>
internal sealed class InertTimer : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period) => true;

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
