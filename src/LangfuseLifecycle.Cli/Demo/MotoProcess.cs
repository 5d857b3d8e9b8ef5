using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>Starts <c>moto_server</c> (the local AWS emulator) on a free loopback port and stops exactly that process on dispose.</summary>
public sealed class MotoProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process process;

    private MotoProcess(Process process, Uri endpoint)
    {
        this.process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<MotoProcess> StartAsync(string executable = "moto_server", TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"'{executable}' was not found. Install moto with its server extra: pip install 'moto[server]'.", exception);
        }

        // Drain its request log so a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var moto = new MotoProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await moto.WaitUntilAnsweringAsync(startTimeout ?? TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            return moto;
        }
        catch
        {
            await moto.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} while starting.");
            }

            try
            {
                using var response = await Probe.GetAsync(new Uri(Endpoint, "moto-api/"), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"moto_server did not answer on {Endpoint} within {timeout.TotalSeconds:0} s.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
