namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>ClickHouse would run more than one task on one EFS directory, which corrupts it. Nothing was changed.</summary>
public sealed class ClickHouseTaskLimitExceededException(string service, string detail)
    : SchedulingException(
        $"ClickHouse service '{service}' must never run more than one task: {detail}. Nothing was changed. " +
        "Fix: set the service's desired count (and any scalable target's maximum) to at most 1.")
{
    public string Service { get; } = service;
}
