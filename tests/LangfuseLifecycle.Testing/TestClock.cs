using Microsoft.Extensions.Time.Testing;

namespace LangfuseLifecycle.Testing;

/// <summary>
/// The one test clock: a <see cref="FakeTimeProvider"/> (time moves only when the test advances it, and timers fire then),
/// plus what the retry tests look at: the delays asked for and how many timers were created. With
/// <see cref="AdvanceToEachTimer"/> every timer is due at once, because the clock jumps forward by its delay, so a backoff
/// runs without waiting and the schedule can still be asserted.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<TimeSpan> requestedDelays = [];

    /// <summary>A clock at 2026-11-29 02:30 UTC.</summary>
    public TestClock()
        : this(new DateTimeOffset(2026, 11, 29, 2, 30, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Advance the clock by each new timer's due time, so it fires at once.</summary>
    public bool AdvanceToEachTimer { get; init; }

    /// <summary>Called with each new timer's due time once the timer exists: a test can act "during the wait" without racing
    /// the wall clock.</summary>
    public Action<TimeSpan>? TimerCreated { get; init; }

    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get
        {
            lock (requestedDelays)
            {
                return [.. requestedDelays];
            }
        }
    }

    public int TimersCreated
    {
        get
        {
            lock (requestedDelays)
            {
                return requestedDelays.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (requestedDelays)
        {
            requestedDelays.Add(dueTime);
        }

        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (AdvanceToEachTimer && dueTime != Timeout.InfiniteTimeSpan)
        {
            Advance(dueTime);
        }

        TimerCreated?.Invoke(dueTime);
        return timer;
    }
}
