using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Functions.Health;

/// <summary>
/// GETs a health endpoint (ClickHouse <c>/ping</c>, the worker's <c>/api/health</c>, the web's <c>/api/public/health</c>) for
/// both the scaler and the migration, and judges the answer with Core's one rule (<see cref="ProbeResult.FromAnswer"/>:
/// 200, plus <c>Ok.</c> from ClickHouse). Each probe has its own short timeout so that a black-holed address costs one probe,
/// not the invocation.
/// </summary>
public sealed class HttpHealthProbe(HttpClient httpClient, TimeSpan? probeTimeout = null) : IHealthProbe
{
    // One per process: health GETs reuse its connection pool across invocations of a sandbox.
    private static readonly Lazy<HttpClient> SharedClient = new(CreateClient);

    private readonly TimeSpan timeout = probeTimeout ?? TimeSpan.FromSeconds(5);

    /// <summary>The probe the functions use: the process-wide client from <see cref="CreateClient"/>.</summary>
    public static HttpHealthProbe CreateDefault() => new(SharedClient.Value);

    /// <summary>The one client factory for health GETs: short connect timeout, no redirects, fresh connections.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(3),
        // Health answers must be fresh: no pooled connection to a task that has since been replaced.
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProbeResult> ProbeAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(timeout);
        try
        {
            var expectsBody = ProbeResult.ExpectsBody(endpoint);
            using var response = await httpClient.GetAsync(
                endpoint, expectsBody ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead, probe.Token).ConfigureAwait(false);
            var body = expectsBody ? await response.Content.ReadAsStringAsync(probe.Token).ConfigureAwait(false) : null;
            return ProbeResult.FromAnswer(endpoint, (int)response.StatusCode, body);
        }
        catch (HttpRequestException exception)
        {
            return ProbeResult.Unreachable(endpoint, $"unreachable ({ProbeResult.Shorten(exception.Message)})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Unreachable(endpoint, $"no answer within {timeout.TotalSeconds:0} s");
        }
    }
}
