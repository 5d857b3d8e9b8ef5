namespace LangfuseLifecycle.Aws.Http;

/// <summary>
/// Jittered exponential backoff ("full jitter"): the delay before retry n is uniform in [0, min(MaxDelay, BaseDelay·2ⁿ⁻¹)].
/// Applies only to throttling, 5xx/transient codes and connection failures; every wait also ends when the caller's token does.
/// </summary>
public sealed class AwsRetryPolicy
{
    /// <summary>5 attempts, 200 ms base, 20 s cap: rides out a throttling burst in well under a Lambda's minute budget.</summary>
    public static AwsRetryPolicy Default { get; } = new();

    /// <summary>One attempt, no retries.</summary>
    public static AwsRetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Total attempts including the first; at least 1.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Returns a value in [0, 1); replaceable so tests can pin the jitter.</summary>
    public Func<double> NextJitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>The delay before attempt number <paramref name="nextAttempt"/> (2 = the first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var exponent = Math.Min(nextAttempt - 2, 30);
        var ceilingTicks = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (1L << exponent));
        if (ceilingTicks < 0)
        {
            ceilingTicks = MaxDelay.Ticks;
        }

        return TimeSpan.FromTicks((long)(ceilingTicks * Math.Clamp(NextJitter(), 0d, 1d)));
    }
}
