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

    /// <summary>When the invocation must have answered (a Lambda's deadline); null when nothing bounds it (the CLI running locally).
    /// Each wait stage then gets at most what remains of it minus <see cref="ReportReserve"/>, so four stages in a row never
    /// outlast the invocation and the timeout is reported, naming its stage, instead of the function being killed.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Kept free at the end of the invocation to stop the wait and report (one AWS call in flight, the error to the runtime).</summary>
    public TimeSpan ReportReserve { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stage starting at <paramref name="now"/> may wait, and what bounds it.</summary>
    public (TimeSpan Budget, string Bound) StageBudget(DateTimeOffset now)
    {
        if (Deadline is { } deadline)
        {
            var left = deadline - now - ReportReserve;
            if (left < MaxWaitPerStage)
            {
                return (left > TimeSpan.Zero ? left : TimeSpan.Zero, $"what remained of the invocation minus {ReportReserve.TotalSeconds:0.#} s to report");
            }
        }

        return (MaxWaitPerStage, "the maximum wait per stage (MAX_WAIT_PER_STAGE_SECONDS)");
    }
}
