using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.Health;

/// <summary>
/// Loopback stand-in for the health URLs the scheduler and the migration poll: ClickHouse's <c>/ping</c> (answers
/// <c>Ok.</c> like ClickHouse) and the Langfuse worker's <c>/api/health</c>. Statuses are scripted per path; other
/// paths answer 404.
/// </summary>
public sealed class HealthEndpointStandIn : IAsyncDisposable
{
    public const string PingPath = "/ping";
    public const string WorkerHealthPath = "/api/health";

    private readonly Dictionary<string, ScriptedStatus> _paths = new(StringComparer.Ordinal)
    {
        [PingPath] = new ScriptedStatus(200),
        [WorkerHealthPath] = new ScriptedStatus(200),
    };

    private readonly Lock _gate = new();
    private readonly LoopbackHttpServer _server;

    private HealthEndpointStandIn()
    {
        _server = LoopbackHttpServer.Start(HandleAsync);
    }

    public static HealthEndpointStandIn Start() => new();

    public Uri BaseUri => _server.BaseUri;

    /// <summary>e.g. for <c>CLICKHOUSE_HEALTH_URL</c>.</summary>
    public Uri PingUrl => new(_server.BaseUri, PingPath);

    /// <summary>e.g. for <c>WORKER_HEALTH_URL</c>.</summary>
    public Uri WorkerHealthUrl => new(_server.BaseUri, WorkerHealthPath);

    /// <summary>Every later request to <paramref name="path"/> answers <paramref name="status"/>.</summary>
    public void SetStatus(string path, int status)
    {
        lock (_gate)
        {
            Path(path).Set(status);
        }
    }

    /// <summary>The next requests to <paramref name="path"/> answer these statuses in order; the last one then repeats.</summary>
    public void ScriptStatuses(string path, params int[] statuses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(statuses.Length);
        lock (_gate)
        {
            Path(path).Script(statuses);
        }
    }

    public int RequestCount(string path)
    {
        lock (_gate)
        {
            return _paths.TryGetValue(path, out var status) ? status.Requests : 0;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ScriptedStatus Path(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"Health path '{path}' must start with '/'.", nameof(path));
        }

        if (!_paths.TryGetValue(path, out var status))
        {
            status = new ScriptedStatus(200);
            _paths[path] = status;
        }

        return status;
    }

    private Task<LoopbackResponse> HandleAsync(LoopbackRequest request)
    {
        var path = request.Path;
        int status;
        lock (_gate)
        {
            status = _paths.TryGetValue(path, out var scripted) ? scripted.Next() : 404;
        }

        var response = (path, status) switch
        {
            (PingPath, 200) => LoopbackResponse.Text(200, "Ok.\n"),
            (_, 404) => LoopbackResponse.Text(404, "Not found"),
            (_, 200) => LoopbackResponse.Json(200, "{\"status\":\"OK\"}"),
            _ => LoopbackResponse.Json(status, $"{{\"status\":\"ERROR\",\"code\":{status}}}"),
        };
        return Task.FromResult(response);
    }
}
