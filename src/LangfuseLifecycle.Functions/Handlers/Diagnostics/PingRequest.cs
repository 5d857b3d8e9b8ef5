namespace LangfuseLifecycle.Functions.Handlers.Diagnostics;

/// <summary>Event of the <c>ping</c> handler. Both fields are optional: <c>{}</c> is a valid ping.</summary>
/// <param name="Message">Echoed back unchanged.</param>
/// <param name="TimeZone">An IANA zone id to resolve, e.g. <c>Europe/Berlin</c>: shows whether the shipped zoneinfo is found.</param>
public sealed record PingRequest(string? Message = null, string? TimeZone = null);
