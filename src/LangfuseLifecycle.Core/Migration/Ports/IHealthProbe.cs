namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>HTTP GET with a short timeout; never throws for an unhealthy answer, only reports it.</summary>
public interface IHealthProbe
{
    Task<ProbeResult> ProbeAsync(Uri endpoint, CancellationToken cancellationToken);
}

/// <summary>Healthy means status 2xx (and, for ClickHouse /ping, the body "Ok.").</summary>
public sealed record ProbeResult(Uri Endpoint, bool Healthy, string Detail);
