using System.Runtime.InteropServices;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Diagnostics;

/// <summary>
/// Diagnostic handler <c>ping</c>: answers what the deployed runtime sees (Native AOT or JIT, architecture, trace id,
/// and whether an IANA time zone resolves through <c>TZDIR</c>). It calls no AWS API. Used by the bootstrap tests and
/// the benchmark, and by an operator checking a deployment: <c>{"timeZone":"Europe/Berlin"}</c>.
/// </summary>
public sealed class PingHandler() : JsonLambdaHandler<PingRequest, PingResult>(DiagnosticsJsonContext.Default.PingRequest, DiagnosticsJsonContext.Default.PingResult)
{
    public const string HandlerName = "ping";

    public override Task<PingResult> HandleEventAsync(PingRequest input, InvocationContext context, CancellationToken cancellationToken)
    {
        var result = new PingResult(
            Handler: HandlerName,
            RequestId: context.RequestId,
            Message: input.Message,
            // PublishAot makes even a JIT run report IsDynamicCodeSupported=false; only the JIT's method count tells them apart.
            NativeAot: System.Runtime.JitInfo.GetCompiledMethodCount() == 0,
            Framework: RuntimeInformation.FrameworkDescription,
            Architecture: RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            TraceId: Environment.GetEnvironmentVariable(RuntimeEnvironmentVariables.TraceId),
            TimeZoneDirectory: Environment.GetEnvironmentVariable(RuntimeEnvironmentVariables.TimeZoneDirectory),
            TimeZone: input.TimeZone is null ? null : ProbeTimeZone(input.TimeZone));
        context.Logger.Info("Ping answered.", "ping");
        return Task.FromResult(result);
    }

    private static TimeZoneProbe ProbeTimeZone(string timeZoneId)
    {
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
            // A fixed instant makes the answer comparable across runs: 2026-01-15T12:00Z (winter in the north).
            var offset = zone.GetUtcOffset(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
            return new TimeZoneProbe(timeZoneId, Found: true, UtcOffsetMinutesOn20260115: (int)offset.TotalMinutes, Error: null);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return new TimeZoneProbe(timeZoneId, Found: false, UtcOffsetMinutesOn20260115: null, Error: exception.GetType().Name);
        }
    }
}
