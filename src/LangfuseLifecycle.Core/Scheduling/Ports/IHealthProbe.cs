namespace LangfuseLifecycle.Core.Scheduling.Ports;

public interface IHealthProbe
{
    /// <summary>True when <paramref name="url"/> answers HTTP 200; false for any other status or a connection failure.</summary>
    Task<bool> IsHealthyAsync(Uri url, CancellationToken cancellationToken);
}
