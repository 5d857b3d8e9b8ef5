namespace LangfuseLifecycle.Core.Scheduling;

/// <param name="Force">Sleep even while a keep-awake override is active, and clear it.</param>
/// <param name="WaitForWorkersToStop">Stop ClickHouse only once no worker task runs any more (workers drain for up to their stop timeout).</param>
/// <param name="EndsKeepAwake">The until of the keep-awake override this sleep ends (the one-time sleep of a wake-for-hours): that override
/// never skips it, however early the schedule fires; any other active override (extended since) still does.</param>
public sealed record SleepOptions(bool DryRun = false, string? Reason = null, bool Force = false, bool WaitForWorkersToStop = true, DateTimeOffset? EndsKeepAwake = null);
