using System.Diagnostics;
using System.Text;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// The function built exactly as <c>sam build</c> does: <c>make build-ScalerFunction</c> in the project folder with
/// <c>ARTIFACTS_DIR</c> set. That is one Native AOT publish (30–60 s of both cores), plus the zoneinfo copy and the
/// glibc/size check. scripts/test.sh runs it once before any test and names the result in <see cref="PrebuiltVariable"/>
/// (and its make output in <see cref="PrebuiltLogFile"/> beside it); a filtered <c>dotnet test</c> without it builds here.
/// A failed build fails every test that uses it; nothing is skipped.
/// </summary>
/// <remarks>
/// Several test classes use this fixture and xUnit runs them in parallel; two <c>make</c> runs writing the same
/// <c>BUILD_ROOT</c> at once corrupt each other's output. So the build is shared by the whole test process: the first
/// instance starts it, the others await the same task, and the last one disposed removes the artifacts.
/// </remarks>
public sealed class SamBuiltBootstrapFixture : IAsyncLifetime
{
    /// <summary>The ARTIFACTS_DIR of a build scripts/test.sh already ran; unset or absent means build here.</summary>
    public const string PrebuiltVariable = "LANGFUSE_LIFECYCLE_PREBUILT_SCALER_ARTIFACTS";

    /// <summary>The make output of the prebuilt run, in the parent directory of <see cref="PrebuiltVariable"/>.</summary>
    public const string PrebuiltLogFile = "make-build-ScalerFunction.log";

    private static readonly object Gate = new();
    private static Task<string>? sharedBuild;
    private static int users;

    public string ArtifactsDirectory { get; } = Prebuilt ?? SharedArtifactsDirectory;

    public string BootstrapPath => Path.Combine(ArtifactsDirectory, "bootstrap");

    public string ZoneInfoDirectory => Path.Combine(ArtifactsDirectory, "zoneinfo");

    public string BuildOutput { get; private set; } = string.Empty;

    private static string? Prebuilt { get; } =
        Environment.GetEnvironmentVariable(PrebuiltVariable) is { Length: > 0 } directory && File.Exists(Path.Combine(directory, "bootstrap")) ? directory : null;

    private static string SharedArtifactsDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "langfuse-lifecycle-tests", Guid.NewGuid().ToString("N"), "ScalerFunction");

    public async Task InitializeAsync()
    {
        Task<string> build;
        lock (Gate)
        {
            users++;
            build = sharedBuild ??= Prebuilt is { } prebuilt
                ? File.ReadAllTextAsync(Path.Combine(Directory.GetParent(prebuilt)!.FullName, PrebuiltLogFile))
                : BuildAsync(SharedArtifactsDirectory);
        }

        BuildOutput = await build;
    }

    public Task DisposeAsync()
    {
        lock (Gate)
        {
            if (--users > 0)
            {
                return Task.CompletedTask;
            }

            sharedBuild = null;
        }

        if (Prebuilt is not null)
        {
            // scripts/test.sh built it and removes it.
            return Task.CompletedTask;
        }

        var root = Directory.GetParent(ArtifactsDirectory)!.FullName;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static async Task<string> BuildAsync(string artifactsDirectory)
    {
        var start = new ProcessStartInfo("make")
        {
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", "LangfuseLifecycle.Functions"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("build-ScalerFunction");
        start.Environment["ARTIFACTS_DIR"] = artifactsDirectory;
        // Reused between runs so the AOT compile is incremental; isolated from a developer's manual sam-build folder.
        start.Environment["BUILD_ROOT"] = Path.Combine(RepositoryPaths.Root, "artifacts", "functions-tests", "x86_64");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start make");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TestTimeouts.AotPublish);
        await process.WaitForExitAsync(timeout.Token);
        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make build-ScalerFunction failed with exit code {process.ExitCode}:\n{output}");
        }

        return output;
    }
}
