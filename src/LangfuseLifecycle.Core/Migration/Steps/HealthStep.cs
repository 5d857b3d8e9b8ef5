using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Migration.Steps;

/// <summary>One probe round per invocation; the state machine waits between rounds and carries the progress.</summary>
public sealed class HealthStep(IHealthProbe probe)
{
    public Task<HealthProgress> ProbeBackendAsync(BackendTarget backend, MigrationLimits limits, HealthProgress progress, CancellationToken cancellationToken) =>
        ProbeAllAsync([new Uri(backend.ClickHousePingUrl), new Uri(backend.WorkerHealthUrl)], limits, progress, cancellationToken);

    /// <summary><c>/api/public/health</c> says the web is up, <c>/api/public/ready</c> that it is not draining.</summary>
    public Task<HealthProgress> ProbeWebAsync(string serviceUrl, MigrationLimits limits, HealthProgress progress, CancellationToken cancellationToken)
    {
        var root = new Uri(serviceUrl.Contains("://", StringComparison.Ordinal) ? serviceUrl : "https://" + serviceUrl);
        return ProbeAllAsync([new Uri(root, "/api/public/health"), new Uri(root, "/api/public/ready")], limits, progress, cancellationToken);
    }

    private async Task<HealthProgress> ProbeAllAsync(IReadOnlyList<Uri> endpoints, MigrationLimits limits, HealthProgress progress, CancellationToken cancellationToken)
    {
        var results = new List<ProbeResult>(endpoints.Count);
        foreach (var endpoint in endpoints)
        {
            results.Add(await probe.ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false));
        }

        var healthy = results.All(result => result.Healthy);
        var detail = string.Join("; ", results.Select(result => $"{result.Endpoint.AbsolutePath} {result.Detail}"));
        return progress.After(healthy, detail, limits.HealthSuccessesRequired, limits.HealthMaxAttempts);
    }
}
