using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using LangfuseLifecycle.Emulation.Exceptions;

namespace LangfuseLifecycle.Emulation.StepFunctions;

/// <summary>
/// The node side of the local Step Functions: finds the repository (package-lock.json, scripts/run-local-sfn.cjs),
/// installs its npm tools the way scripts/test.sh does (<c>npm ci</c> when node_modules is missing or was installed
/// from another package-lock.json, recorded in node_modules/.lock-sha256), and runs node scripts.
/// </summary>
public static class NodeTools
{
    public const string LockHashFile = ".lock-sha256";

    /// <summary>Budget of <c>node --version</c>.</summary>
    public static readonly TimeSpan VersionCheckTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Budget of <c>npm ci</c>.</summary>
    public static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The most <see cref="EnsureInstalledAsync"/> waits in all: the version check plus an install.</summary>
    public static TimeSpan EnsureInstalledTimeout => VersionCheckTimeout + InstallTimeout;

    // Two callers in one process (e.g. tests running in parallel) must not run npm ci over each other.
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The directory holding LangfuseLifecycle.sln, upwards from each start directory in turn; <c>null</c> when none.</summary>
    public static string? FindRepositoryRoot(params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "LangfuseLifecycle.sln")) && File.Exists(Path.Combine(directory.FullName, "package-lock.json")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>Whether node_modules was installed from the current package-lock.json.</summary>
    public static bool IsInstalled(string repositoryRoot) =>
        Directory.Exists(Path.Combine(repositoryRoot, "node_modules", "aws-local-stepfunctions"))
        && File.Exists(Path.Combine(repositoryRoot, "node_modules", LockHashFile))
        && File.ReadAllText(Path.Combine(repositoryRoot, "node_modules", LockHashFile)).Trim() == LockHash(repositoryRoot);

    /// <summary>Checks node is on PATH, then runs <c>npm ci</c> unless <see cref="IsInstalled"/>.</summary>
    public static async Task EnsureInstalledAsync(string repositoryRoot, TextWriter progress, CancellationToken cancellationToken)
    {
        var version = await RunAsync(repositoryRoot, "node", ["--version"], null, null, VersionCheckTimeout, cancellationToken).ConfigureAwait(false);
        if (version.ExitCode != 0)
        {
            throw new NodeToolsUnavailableException($"'node --version' failed ({version.ExitCode}): {version.Stderr.Trim()}. Install Node.js 20 or newer.");
        }

        // run-local-sfn.cjs polyfills the one node 22 API the interpreter uses, down to node 20 (global fetch, stable there).
        var major = version.Stdout.Trim().TrimStart('v').Split('.')[0];
        if (!int.TryParse(major, System.Globalization.CultureInfo.InvariantCulture, out var majorVersion) || majorVersion < 20)
        {
            throw new NodeToolsUnavailableException($"node {version.Stdout.Trim()} is too old: the local Step Functions interpreter needs Node.js 20 or newer.");
        }

        await InstallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsInstalled(repositoryRoot))
            {
                await InstallAsync(repositoryRoot, version.Stdout.Trim(), progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task InstallAsync(string repositoryRoot, string nodeVersion, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"  npm ci (aws-local-stepfunctions from package-lock.json, node {nodeVersion}) ...");
        var install = await RunAsync(repositoryRoot, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null, null, InstallTimeout, cancellationToken).ConfigureAwait(false);
        if (install.ExitCode != 0)
        {
            throw new NodeToolsUnavailableException($"'npm ci' in {repositoryRoot} failed ({install.ExitCode}): {install.Stderr.Trim()}");
        }

        await File.WriteAllTextAsync(Path.Combine(repositoryRoot, "node_modules", LockHashFile), LockHash(repositoryRoot) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="executable"/> in the repository; each stdout line goes to <paramref name="onStdoutLine"/>
    /// as it arrives (and into the returned text). A missing executable throws <see cref="NodeToolsUnavailableException"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string repositoryRoot, string executable, IReadOnlyList<string> arguments, string? standardInput, Action<string>? onStdoutLine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new NodeToolsUnavailableException($"Could not start {executable}.");
        }
        catch (Win32Exception exception)
        {
            throw new NodeToolsUnavailableException($"'{executable}' was not found on PATH. Install Node.js 20 or newer (it brings npm): https://nodejs.org/en/download.", exception);
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var stdout = ReadLinesAsync(process.StandardOutput, onStdoutLine, deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                if (standardInput is not null)
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), deadline.Token).ConfigureAwait(false);
                }

                process.StandardInput.Close();
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
            }
        }
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            text.Append(line).Append('\n');
            onLine?.Invoke(line);
        }

        return text.ToString();
    }

    private static string LockHash(string repositoryRoot) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(repositoryRoot, "package-lock.json"))));
}
