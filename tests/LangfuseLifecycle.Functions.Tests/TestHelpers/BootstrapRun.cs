using LangfuseLifecycle.Testing;
using System.Text;
using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// Runs <see cref="LambdaBootstrap.RunAsync"/> in-process against a <see cref="FakeRuntimeApi"/>, with a test registry,
/// a <see cref="FakeEnvironment"/> and a captured log; disposing stops the loop.
/// </summary>
public sealed class BootstrapRun : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly SynchronizedMemoryStream log = new();

    private BootstrapRun(FakeRuntimeApi api, FakeEnvironment environment, Task<int> exit)
    {
        Api = api;
        Environment = environment;
        Exit = exit;
    }

    public FakeRuntimeApi Api { get; }

    public FakeEnvironment Environment { get; }

    /// <summary>The loop's exit code, once it stops.</summary>
    public Task<int> Exit { get; private set; }

    public string LogText => log.ReadAllText();

    public static BootstrapRun Start(
        string handlerName,
        IReadOnlyDictionary<string, Func<IEnvironment, ILambdaHandler>> handlers,
        LambdaBootstrapOptions? options = null,
        string? runtimeApiOverride = null,
        TimeProvider? time = null)
    {
        var api = new FakeRuntimeApi();
        var environment = new FakeEnvironment(new Dictionary<string, string?>
        {
            [RuntimeEnvironmentVariables.RuntimeApi] = runtimeApiOverride ?? api.Address,
            [RuntimeEnvironmentVariables.Handler] = handlerName,
        });
        var run = new BootstrapRun(api, environment, Task.FromResult(0));
        run.Exit = Task.Run(() => LambdaBootstrap.RunAsync(
            new HandlerRegistry(handlers), environment, time ?? TimeProvider.System, run.log, options, run.stop.Token));
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Exit.WaitAsync(TestTimeouts.ProcessExit);
        }
        finally
        {
            await Api.DisposeAsync();
            stop.Dispose();
        }
    }

    /// <summary>A stream the logger writes to while the test reads it.</summary>
    private sealed class SynchronizedMemoryStream : MemoryStream
    {
        private readonly Lock gate = new();

        // MemoryStream routes span writes of subclasses through Write(byte[], int, int): lock there only.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (gate)
            {
                base.Write(buffer, offset, count);
            }
        }

        public string ReadAllText()
        {
            lock (gate)
            {
                return Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length);
            }
        }
    }
}
