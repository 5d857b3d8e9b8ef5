using System.Collections.Concurrent;
using System.Diagnostics;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>Runs a built <c>bootstrap</c> executable as Lambda would, with the variables Lambda sets; captures its stdout lines.</summary>
public sealed class BootstrapProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> stdoutLines = new();

    public BootstrapProcess(string bootstrapPath, string runtimeApiAddress, string handler, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var start = new ProcessStartInfo(bootstrapPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("_X_AMZN_TRACE_ID");
        start.Environment.Remove("TZDIR");
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApiAddress;
        start.Environment["_HANDLER"] = handler;
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stdoutLines.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> StdoutLines => [.. stdoutLines];

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return process.ExitCode;
    }

    public bool HasExited => process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}
