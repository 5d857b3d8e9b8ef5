using System.Diagnostics;
using System.Net.Sockets;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.Moto;

/// <summary>
/// One <c>moto_server</c> process on a free 127.0.0.1 port, started by the CLI's demo or a test run and killed (with its
/// process tree) on dispose or, as a last resort, when the host process exits.
/// </summary>
/// <remarks>
/// moto 5.2.1 behaviours tests must know (checked against moto_server with boto3):
/// <list type="bullet">
/// <item>ECS CreateService sets <c>runningCount</c> to the <c>MOTO_ECS_SERVICE_RUNNING</c> environment variable of the
/// moto process (default 0), <c>pendingCount</c> to desired − running, and its single PRIMARY deployment's
/// <c>rolloutState</c> to COMPLETED only when that value ≥ desiredCount, IN_PROGRESS otherwise.</item>
/// <item>ECS UpdateService with <c>desiredCount</c> sets the service's <c>runningCount</c> to the new desired count at
/// once (pendingCount 0), but never touches <c>deployments</c>: the PRIMARY deployment keeps its creation-time counts and
/// rollout state. A "steady" check that requires rolloutState COMPLETED therefore only passes against moto when the
/// service was created with <c>MOTO_ECS_SERVICE_RUNNING</c> ≥ its desired count (set it through
/// <see cref="MotoServerOptions.EnvironmentVariables"/>); note runningCount is then that value, not desiredCount.</item>
/// <item>ECS services start no tasks: ListTasks for a service is empty unless the test runs tasks itself.</item>
/// <item>ECS tags are honoured: CreateService tags, TagResource, UntagResource, ListTagsForResource and
/// DescribeServices with <c>include: ["TAGS"]</c>.</item>
/// <item>ECS UpdateService honours <c>networkConfiguration</c> and <c>deploymentConfiguration</c> (stored on the service;
/// the deployment's own networkConfiguration stays the creation-time one).</item>
/// <item>ECS CreateService with awsvpc validates that the security groups exist in moto's EC2: create them first.</item>
/// <item>EFS CreateFileSystem with <c>AvailabilityZoneName</c> returns both the AZ name and an AZ ID (e.g. us-east-1a →
/// use1-az6).</item>
/// <item>moto does not verify SigV4 signatures; any access key works.</item>
/// </list>
/// </remarks>
public sealed class MotoServer : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AccessKeyId = "testing";
    public const string SecretAccessKey = "testing";

    /// <summary>
    /// Exported by scripts/test.sh; inherited by every moto_server this class starts so that the script's exit trap can
    /// find and kill exactly the moto processes of its own run (never another developer's).
    /// </summary>
    public const string RunMarkerVariable = "LANGFUSE_LIFECYCLE_TEST_RUN";

    private const int StartAttempts = 3;
    private const int DiagnosticLineLimit = 400;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly Queue<string> _diagnosticLines;
    private readonly EventHandler _killOnHostExit;
    private int _disposed;

    private MotoServer(Process process, Uri endpoint, Queue<string> diagnosticLines)
    {
        _process = process;
        Endpoint = endpoint;
        _diagnosticLines = diagnosticLines;
        _killOnHostExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _killOnHostExit;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/ — give it to clients as <c>AWS_ENDPOINT_URL</c>.</summary>
    public Uri Endpoint { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts moto_server and returns once it answers HTTP.</summary>
    public static async Task<MotoServer> StartAsync(MotoServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MotoServerOptions();
        var executable = FindExecutable(options.ExecutableName);
        string? lastFailure = null;
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var port = LoopbackPorts.GetFreePort();
            var lines = new Queue<string>();
            var process = StartProcess(executable, port, options, lines);
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            var server = new MotoServer(process, endpoint, lines);
            try
            {
                await server.WaitUntilAnsweringAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (MotoServerStartException failure) when (attempt < StartAttempts && failure.Diagnostics.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Another process took the port between probing and binding.
                lastFailure = failure.Message;
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        throw new MotoServerStartException($"moto_server did not start after {StartAttempts} attempts. Last failure: {lastFailure}", lastFailure ?? string.Empty);
    }

    /// <summary>
    /// Environment for a client under test: the standard variables the AWS layer and AWS CLI read.
    /// </summary>
    public IReadOnlyDictionary<string, string> CreateClientEnvironment() => CreateClientEnvironment(Endpoint);

    /// <summary>The same variables pointing at another endpoint, e.g. a <c>FaultInjectingProxy</c> in front of moto.</summary>
    public static IReadOnlyDictionary<string, string> CreateClientEnvironment(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ENDPOINT_URL"] = endpoint.GetLeftPart(UriPartial.Authority),
            ["AWS_REGION"] = Region,
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        };
    }

    /// <summary>Forgets every resource in every moto backend (<c>POST /moto-api/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        using var response = await Http.PostAsync(new Uri(Endpoint, "moto-api/reset"), content: null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto reset answered HTTP {(int)response.StatusCode}.{Environment.NewLine}{DiagnosticOutput}");
        }
    }

    /// <summary>The last lines moto_server wrote (its request log and any Python traceback), for failure messages.</summary>
    public string DiagnosticOutput
    {
        get
        {
            lock (_diagnosticLines)
            {
                return string.Join(Environment.NewLine, _diagnosticLines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= _killOnHostExit;
        Kill();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Kill was sent; a process that ignores SIGKILL for 10 s is beyond the test run's control.
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already exited between the check and the kill.
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var probe = new Uri(Endpoint, "moto-api/data.json");
        while (true)
        {
            if (_process.HasExited)
            {
                // Let the output readers drain what the process wrote before it died.
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw new MotoServerStartException(
                    $"moto_server exited with code {_process.ExitCode} before answering on {Endpoint}.{Environment.NewLine}{DiagnosticOutput}",
                    DiagnosticOutput);
            }

            try
            {
                using var response = await Http.GetAsync(probe, deadline.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException error) when (error.InnerException is SocketException or IOException or null)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MotoServerStartException(
                    $"moto_server did not answer {probe} within {timeout.TotalSeconds:0} s.{Environment.NewLine}{DiagnosticOutput}",
                    DiagnosticOutput);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MotoServerStartException(
                    $"moto_server did not answer {probe} within {timeout.TotalSeconds:0} s.{Environment.NewLine}{DiagnosticOutput}",
                    DiagnosticOutput);
            }
        }
    }

    private static Process StartProcess(string executable, int port, MotoServerOptions options, Queue<string> lines)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
        };
        startInfo.ArgumentList.Add("-H");
        startInfo.ArgumentList.Add("127.0.0.1");
        startInfo.ArgumentList.Add("-p");
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";
        // Credentials of the developer's shell must never reach the emulator's clients by accident.
        startInfo.Environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        startInfo.Environment["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey;
        startInfo.Environment.Remove("AWS_SESSION_TOKEN");
        startInfo.Environment.Remove("AWS_PROFILE");
        foreach (var (name, value) in options.EnvironmentVariables)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        DataReceivedEventHandler keep = (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Enqueue(line.Data);
                while (lines.Count > DiagnosticLineLimit)
                {
                    lines.Dequeue();
                }
            }
        };
        process.ErrorDataReceived += keep;
        process.OutputDataReceived += keep;
        if (!process.Start())
        {
            throw new MotoServerStartException($"Could not start {executable}.", string.Empty);
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static string FindExecutable(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : throw new MotoServerStartException($"moto_server was not found at {name}.", string.Empty);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new MotoServerStartException(
            $"'{name}' was not found on PATH. The demo and the integration tests start moto themselves: install it with " +
            "`python3 -m pip install 'moto[server]'` (moto 5.2.1 is what CI uses) and make sure its scripts directory is on PATH. " +
            $"PATH was: {path}",
            string.Empty);
    }
}
