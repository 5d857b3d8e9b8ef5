using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Testing.Moto;

/// <summary>
/// xunit fixture owning one <see cref="MotoServer"/> for a test collection (or a test class through
/// <c>IClassFixture&lt;MotoFixture&gt;</c>). Tests in one collection run one after another, so they may call
/// <see cref="ResetAsync"/> between them without disturbing each other.
/// </summary>
public class MotoFixture : IAsyncLifetime
{
    private MotoServer? _server;

    /// <summary>Options for the server; override in a derived fixture to pass e.g. MOTO_ECS_SERVICE_RUNNING.</summary>
    protected virtual MotoServerOptions Options => new();

    public MotoServer Server => _server ?? throw new InvalidOperationException("The moto fixture has not been initialised by xunit yet.");

    public Uri Endpoint => Server.Endpoint;

    public IReadOnlyDictionary<string, string> CreateClientEnvironment() => Server.CreateClientEnvironment();

    public Task ResetAsync(CancellationToken cancellationToken = default) => Server.ResetAsync(cancellationToken);

    public virtual async Task InitializeAsync()
    {
        _server = await MotoServer.StartAsync(Options).ConfigureAwait(false);
    }

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
