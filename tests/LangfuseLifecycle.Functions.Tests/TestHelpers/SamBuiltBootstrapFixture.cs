using System.Diagnostics;
using System.Text;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// Builds the function exactly as <c>sam build</c> does: <c>make build-ScalerFunction</c> in the project folder with
/// <c>ARTIFACTS_DIR</c> set. That is one Native AOT publish per test run (30–60 s), plus the zoneinfo copy and the
/// glibc/size check. A failed build fails every test that uses it; nothing is skipped.
/// </summary>
public sealed class SamBuiltBootstrapFixture : IAsyncLifetime
{
    public string ArtifactsDirectory { get; } = Path.Combine(Path.GetTempPath(), "langfuse-lifecycle-tests", Guid.NewGuid().ToString("N"), "ScalerFunction");

    public string BootstrapPath => Path.Combine(ArtifactsDirectory, "bootstrap");

    public string ZoneInfoDirectory => Path.Combine(ArtifactsDirectory, "zoneinfo");

    public string BuildOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("make")
        {
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", "LangfuseLifecycle.Functions"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("build-ScalerFunction");
        start.Environment["ARTIFACTS_DIR"] = ArtifactsDirectory;
        // Reused between runs so the AOT compile is incremental; isolated from a developer's manual sam-build folder.
        start.Environment["BUILD_ROOT"] = Path.Combine(RepositoryPaths.Root, "artifacts", "functions-tests", "x86_64");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start make");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        BuildOutput = output.ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make build-ScalerFunction failed with exit code {process.ExitCode}:\n{BuildOutput}");
        }
    }

    public Task DisposeAsync()
    {
        var root = Directory.GetParent(ArtifactsDirectory)!.FullName;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
