using System.Globalization;

namespace LangfuseLifecycle.Testing;

/// <summary>
/// Every wall-clock budget a test puts around real work (processes, sockets, moto). These guard against hangs; they never
/// measure speed (docs/benchmarks.md does that). An outer budget is at least the sum of the budgets inside it, so when
/// one fires the inner, named error has already had its chance. A slow or crowded machine multiplies them all with
/// <see cref="ScaleVariable"/> (scripts/test.sh scales its --blame-hang-timeout with the same factor).
/// </summary>
public static class TestTimeouts
{
    /// <summary>A number ≥ 1, e.g. <c>2</c> or <c>1.5</c>; unset means 1.</summary>
    public const string ScaleVariable = "LANGFUSE_LIFECYCLE_TEST_TIMEOUT_SCALE";

    public static double Scale { get; } = ReadScale(Environment.GetEnvironmentVariable(ScaleVariable));

    /// <summary>One CLI command or handler call against an already running moto_server (several AWS calls, no process start).</summary>
    public static TimeSpan AwsRoundTrips => Scaled(TimeSpan.FromMinutes(2));

    /// <summary>Awaiting one answer on a loopback fake (Runtime API, emulator) that a process or handler under test sends.</summary>
    public static TimeSpan LoopbackAnswer => Scaled(TimeSpan.FromSeconds(30));

    /// <summary>A child process (bootstrap, python) asked to stop.</summary>
    public static TimeSpan ProcessExit => Scaled(TimeSpan.FromSeconds(10));

    /// <summary>One Native AOT publish by <c>make build-ScalerFunction</c> (30–60 s of both cores when idle).</summary>
    public static TimeSpan AotPublish => Scaled(TimeSpan.FromMinutes(10));

    /// <summary>One node run of aws-local-stepfunctions or node:test over the migration definition.</summary>
    public static TimeSpan NodeRun => Scaled(TimeSpan.FromMinutes(3));

    /// <summary>The budget multiplied by <see cref="Scale"/>.</summary>
    public static TimeSpan Scaled(TimeSpan budget) => budget * Scale;

    /// <summary>The sum of inner budgets, each multiplied by <see cref="Scale"/>: the outer budget of a path made of them.</summary>
    public static TimeSpan SumOf(params TimeSpan[] innerBudgets) => Scaled(innerBudgets.Aggregate(TimeSpan.Zero, (sum, budget) => sum + budget));

    private static double ReadScale(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1;
        }

        return double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var scale) && scale >= 1 && scale <= 100
            ? scale
            : throw new InvalidOperationException($"{ScaleVariable}='{value}' is not a number from 1 to 100. Fix: set e.g. {ScaleVariable}=2 on a slow machine, or unset it.");
    }
}
