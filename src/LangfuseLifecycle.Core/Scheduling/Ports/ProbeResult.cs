using System.Globalization;

namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>What one health GET saw: healthy or not, and a short detail for logs and the migration's report.</summary>
public sealed record ProbeResult(Uri Endpoint, bool Healthy, string Detail)
{
    /// <summary>ClickHouse's health endpoint (<c>CLICKHOUSE_HEALTH_URL</c>, the migration's <c>ClickHousePingUrl</c>).</summary>
    public const string ClickHousePingPath = "/ping";

    /// <summary>What ClickHouse's <c>/ping</c> answers when the server is up (followed by a newline).</summary>
    public const string ClickHousePingBody = "Ok.";

    /// <summary>True when <see cref="FromAnswer"/> needs the response body: ClickHouse's <c>/ping</c>.</summary>
    public static bool ExpectsBody(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.AbsolutePath == ClickHousePingPath;
    }

    /// <summary>
    /// The one rule for "healthy": HTTP 200, and for ClickHouse's <c>/ping</c> also the body <c>Ok.</c>. Any other status (a
    /// 204, a redirect to a login page, a 503 while starting) is unhealthy, and so is a 200 from <c>/ping</c> with another body:
    /// that is a proxy or load balancer answering, not ClickHouse. The worker's <c>/api/health</c> and the web's
    /// <c>/api/public/health</c>/<c>/api/public/ready</c> are judged by the status alone.
    /// </summary>
    public static ProbeResult FromAnswer(Uri endpoint, int status, string? body)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (status != 200)
        {
            return new ProbeResult(endpoint, false, code);
        }

        if (ExpectsBody(endpoint) && !(body ?? "").StartsWith(ClickHousePingBody, StringComparison.Ordinal))
        {
            return new ProbeResult(endpoint, false, $"{code} but body '{Shorten(body ?? "")}' instead of '{ClickHousePingBody}'");
        }

        return new ProbeResult(endpoint, true, code);
    }

    /// <summary>No HTTP answer at all (connection refused, DNS, the probe's own timeout).</summary>
    public static ProbeResult Unreachable(Uri endpoint, string reason) => new(endpoint, false, reason);

    public static string Shorten(string text) => text.Length <= 80 ? text.Trim() : text[..80].Trim() + "…";
}
