using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Functions.Health;

/// <summary>GETs a health URL (ClickHouse /ping, worker /api/health); 200 means healthy. Each probe gets its own short timeout
/// so a black-holed address costs one poll, not the whole deadline.</summary>
public sealed class HttpHealthProbe(HttpClient httpClient, TimeSpan? probeTimeout = null) : IHealthProbe
{
    private readonly TimeSpan timeout = probeTimeout ?? TimeSpan.FromSeconds(5);

    public async Task<bool> IsHealthyAsync(Uri url, CancellationToken cancellationToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(timeout);
        try
        {
            using var response = await httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, probe.Token).ConfigureAwait(false);
            return (int)response.StatusCode == 200;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
