using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Health;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>
/// The Langfuse web one emulated App Runner service serves, on its own loopback port: <c>/api/public/health</c> and
/// <c>/api/public/ready</c> with scripted statuses, reporting the version of the image the service is serving (the previous
/// one until a deployment succeeds), and 503 for everything while the service is PAUSED.
/// </summary>
internal sealed class FakeLangfuseWeb : IAsyncDisposable
{
    private readonly Lock _gate;
    private readonly Func<EmulatedService> _service;
    private readonly LoopbackHttpServer _server;
    private readonly Dictionary<string, ScriptedStatus> _paths = new(StringComparer.Ordinal)
    {
        [AppRunnerStandIn.WebHealthPath] = new ScriptedStatus(200),
        [AppRunnerStandIn.WebReadyPath] = new ScriptedStatus(200),
    };

    /// <param name="gate">The emulator's lock, held while answering.</param>
    /// <param name="service">The service this web belongs to (read only while answering, so it may be created after the web).</param>
    public FakeLangfuseWeb(Lock gate, Func<EmulatedService> service)
    {
        _gate = gate;
        _service = service;
        _server = LoopbackHttpServer.Start(request => Task.FromResult(Answer(request)));
    }

    public Uri BaseUri => _server.BaseUri;

    /// <summary>The scripted statuses of <paramref name="path"/>; call under the emulator's lock.</summary>
    public ScriptedStatus Path(string path) =>
        path is AppRunnerStandIn.WebHealthPath or AppRunnerStandIn.WebReadyPath
            ? _paths[path]
            : throw new ArgumentException($"The fake web serves {AppRunnerStandIn.WebHealthPath} and {AppRunnerStandIn.WebReadyPath}, not '{path}'.", nameof(path));

    /// <summary>Requests to <paramref name="path"/> so far (0 for a path it does not serve); call under the emulator's lock.</summary>
    public int Requests(string path) => _paths.TryGetValue(path, out var scripted) ? scripted.Requests : 0;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        lock (_gate)
        {
            if (!_paths.TryGetValue(request.Path, out var scripted))
            {
                return LoopbackResponse.Text(404, "Not found");
            }

            var status = scripted.Next();
            var service = _service();
            if (service.Status == "PAUSED")
            {
                // A paused App Runner service serves nothing.
                return LoopbackResponse.Text(503, "Service Unavailable");
            }

            var version = VersionOf(service.ServingImage);
            return status == 200
                ? LoopbackResponse.Json(200, new JsonObject { ["status"] = "OK", ["version"] = version }.ToJsonString())
                : LoopbackResponse.Json(status, new JsonObject { ["status"] = "ERROR", ["version"] = version }.ToJsonString());
        }
    }

    private static string VersionOf(string image)
    {
        var colon = image.LastIndexOf(':');
        var slash = image.LastIndexOf('/');
        return colon > slash ? image[(colon + 1)..].TrimStart('v') : "latest";
    }
}
