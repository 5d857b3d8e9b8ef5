namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>How the scheduler waits. Every wait is also bounded by the caller's CancellationToken (the invocation deadline).</summary>
/// <param name="ServicePollInterval">Pause between DescribeServices polls (one call per poll for all services).</param>
/// <param name="HealthPollInterval">Pause between health URL probes.</param>
/// <param name="MaxWaitPerStage">Upper bound of one stage (e.g. ClickHouse steady) even when the deadline is further away.</param>
public sealed record WaitSettings(TimeSpan ServicePollInterval, TimeSpan HealthPollInterval, TimeSpan MaxWaitPerStage)
{
    public static WaitSettings Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    /// <summary>For tests and benchmarks: no pauses, bounded by the token only.</summary>
    public static WaitSettings NoDelay { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(10));
}
