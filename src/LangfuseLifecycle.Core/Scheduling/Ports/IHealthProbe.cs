namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>
/// One health GET with a short timeout, shared by the scheduler's wake (which waits until healthy) and the migration's Health
/// phase (which counts healthy rounds). Never throws for an unhealthy or unreachable endpoint, only reports it; healthy is
/// decided by <see cref="ProbeResult.FromAnswer"/>, the one rule both use.
/// </summary>
public interface IHealthProbe
{
    Task<ProbeResult> ProbeAsync(Uri endpoint, CancellationToken cancellationToken);
}
