using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Functions.Health;

/// <summary>
/// GETs a Langfuse or ClickHouse health endpoint and reports what it saw. Each probe has its own short timeout so that a
/// black-holed address costs one probe, not the invocation; any answer but 2xx (and "Ok." for ClickHouse /ping) is unhealthy.
/// </summary>
public sealed class HttpEndpointProbe(HttpClient httpClient, TimeSpan? probeTimeout = null) : IHealthProbe
{
    private readonly TimeSpan timeout = probeTimeout ?? TimeSpan.FromSeconds(5);

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
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(timeout);
        try
        {
            using var response = await httpClient.GetAsync(endpoint, HttpCompletionOption.ResponseContentRead, probe.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                return new ProbeResult(endpoint, false, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (endpoint.AbsolutePath == "/ping")
            {
                var body = await response.Content.ReadAsStringAsync(probe.Token).ConfigureAwait(false);
                if (!body.StartsWith("Ok.", StringComparison.Ordinal))
                {
                    return new ProbeResult(endpoint, false, $"{status} but body '{Shorten(body)}' instead of 'Ok.'");
                }
            }

            return new ProbeResult(endpoint, true, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException exception)
        {
            return new ProbeResult(endpoint, false, $"unreachable ({Shorten(exception.Message)})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(endpoint, false, $"no answer within {timeout.TotalSeconds:0} s");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text.Trim() : text[..80].Trim() + "…";
}
