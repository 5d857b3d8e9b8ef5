namespace LangfuseLifecycle.Functions.Handlers.Diagnostics;

/// <summary>What the <c>ping</c> handler reports about the runtime serving it.</summary>
public sealed record PingResult(
    string Handler,
    string RequestId,
    string? Message,
    bool NativeAot,
    string Framework,
    string Architecture,
    string? TraceId,
    string? TimeZoneDirectory,
    TimeZoneProbe? TimeZone);

/// <summary>Whether a time zone id resolved, and its UTC offset on 2026-01-15 when it did.</summary>
public sealed record TimeZoneProbe(string Id, bool Found, int? UtcOffsetMinutesOn20260115, string? Error);
