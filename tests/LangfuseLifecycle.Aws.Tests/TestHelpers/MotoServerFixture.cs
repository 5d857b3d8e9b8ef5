using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>
/// Starts one <c>moto_server</c> per test run on a free loopback port and stops it afterwards.
/// Minimal stand-in until the shared LangfuseLifecycle.Testing MotoServer lands on main.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";

    private Process? process;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    /// <summary>A config reaching moto through AWS_ENDPOINT_URL, built the way production builds it.</summary>
    public AwsClientConfig Config { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var startInfo = new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(startInfo) ?? throw new InvalidOperationException("moto_server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before answering on port {port}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "moto-api/"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"moto_server did not answer GET /moto-api/ on port {port} within 60 s");
            }

            await Task.Delay(200);
        }

        Config = AwsClientConfig.FromEnvironment(TestConfigs.Variables(
            ("AWS_REGION", Region),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_ENDPOINT_URL", Endpoint.ToString())));
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
{
    public const string Name = "moto";
}
