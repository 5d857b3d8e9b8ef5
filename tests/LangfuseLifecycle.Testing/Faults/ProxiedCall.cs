namespace LangfuseLifecycle.Testing.Faults;

/// <summary>One request that reached the proxy.</summary>
/// <param name="StatusCode">What the client received; null when the connection was reset.</param>
/// <param name="InjectedFault">The fault the proxy applied, if any (latency included).</param>
public sealed record ProxiedCall(AwsRequestInfo Request, int? StatusCode, Fault? InjectedFault, TimeSpan Duration);
