namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>A wake did not finish before its deadline. Workers are only started after ClickHouse passed, so a timeout in a ClickHouse stage leaves them asleep.</summary>
public sealed class BackendWakeTimeoutException(string stage, string detail, TimeSpan waited)
    : SchedulingException($"Wake timed out at stage '{stage}' after {waited.TotalSeconds:0.#} s: {detail}")
{
    public string Stage { get; } = stage;
    public TimeSpan Waited { get; } = waited;
}
