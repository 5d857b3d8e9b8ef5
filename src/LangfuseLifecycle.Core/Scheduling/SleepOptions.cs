namespace LangfuseLifecycle.Core.Scheduling;

/// <param name="Force">Sleep even while a keep-awake override is active, and clear it.</param>
/// <param name="WaitForWorkersToStop">Stop ClickHouse only once no worker task runs any more (workers drain for up to their stop timeout).</param>
public sealed record SleepOptions(bool DryRun = false, string? Reason = null, bool Force = false, bool WaitForWorkersToStop = true);
