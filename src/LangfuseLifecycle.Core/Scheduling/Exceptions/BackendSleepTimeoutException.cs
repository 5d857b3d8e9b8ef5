namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>A sleep did not finish before its deadline. ClickHouse is only stopped after the workers stopped, so it stays up while a worker may still run.</summary>
public sealed class BackendSleepTimeoutException(string stage, string detail, TimeSpan waited)
    : SchedulingException($"Sleep timed out at stage '{stage}' after {waited.TotalSeconds:0.#} s: {detail}")
{
    public string Stage { get; } = stage;
    public TimeSpan Waited { get; } = waited;
}
