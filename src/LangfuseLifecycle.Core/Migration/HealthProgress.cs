namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// Consecutive health-check successes carried between probe invocations through the state machine.
/// Verdicts: <c>healthy</c> (enough successes in a row), <c>unhealthy</c> (attempts used up), <c>probing</c>.
/// </summary>
public sealed record HealthProgress(int ConsecutiveSuccesses, int Attempts, string Verdict, string Detail)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Probing = "probing";

    public static HealthProgress Start { get; } = new(0, 0, Probing, "");

    /// <summary>One more probe: a failure resets the run of successes, because "N in a row" is what proves stability.</summary>
    public HealthProgress After(bool succeeded, string detail, int successesRequired, int maxAttempts)
    {
        var attempts = Attempts + 1;
        var consecutive = succeeded ? ConsecutiveSuccesses + 1 : 0;
        var verdict = consecutive >= successesRequired ? Healthy
            : attempts >= maxAttempts ? Unhealthy
            : Probing;
        return new HealthProgress(consecutive, attempts, verdict, detail);
    }
}
