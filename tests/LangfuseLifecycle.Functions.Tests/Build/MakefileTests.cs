using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Build;

/// <summary>
/// src/LangfuseLifecycle.Functions/Makefile as <c>sam build</c> drives it, with a stand-in <c>dotnet</c> (it records the
/// publish and the capability it was asked for, and leaves a real ELF executable as the bootstrap), so no Native AOT
/// compile runs here.
/// </summary>
public sealed partial class MakefileTests : IDisposable
{
    private static readonly string ProjectDirectory = Path.Combine(TemplateFiles.RepositoryRoot, "src", "LangfuseLifecycle.Functions");

    private readonly string scratch = Path.Combine(Path.GetTempPath(), "makefile-tests-" + Guid.NewGuid().ToString("N"));

    public MakefileTests()
    {
        Directory.CreateDirectory(Path.Combine(scratch, "bin"));
        Directory.CreateDirectory(Path.Combine(scratch, "zoneinfo", "Asia"));
        File.WriteAllText(Path.Combine(scratch, "zoneinfo", "Asia", "Tokyo"), "TZif");
        File.WriteAllText(Path.Combine(scratch, "zoneinfo", "zone1970.tab"), "JP\t+353916+1394441\tAsia/Tokyo\n");
        var dotnet = Path.Combine(scratch, "bin", "dotnet");
        File.WriteAllText(dotnet, """
            #!/bin/sh
            out=""; capability=""
            while [ $# -gt 0 ]; do
              [ "$1" = "-o" ] && out="$2"
              case "$1" in -p:LifecycleCapability=*) capability="${1#-p:LifecycleCapability=}" ;; esac
              shift
            done
            echo "publish $capability" >> "$FAKE_DOTNET_LOG"
            sleep 1
            mkdir -p "$out" && cp /bin/true "$out/bootstrap"
            """);
        Assert.Equal(0, TemplateFiles.Run("chmod", ["755", dotnet]).ExitCode);
    }

    private string PublishLog => Path.Combine(scratch, "publish.log");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task BuildTargets_WhenSamRunsThemInParallel_ShouldPublishEachCapabilityOnceAndGiveEachAWholeZoneinfo()
    {
        // Arrange: `sam build --parallel` starts one make per function at once.
        string[] functions = ["ScalerFunction", "MigrationPreflightFunction", "MigrationSnapshotFunction", "MigrationReportFunction", "MigrationWakeBackendFunction"];

        // Act
        var runs = await Task.WhenAll(functions.Select(function => Task.Run(() => Make($"build-{function}", ArtifactsFor(function)))));

        // Assert
        foreach (var (run, function) in runs.Zip(functions))
        {
            Assert.True(run.ExitCode == 0, $"make build-{function}: {run.Output}{run.Error}");
            Assert.True(File.Exists(Path.Combine(ArtifactsFor(function), "bootstrap")));
            Assert.True(File.Exists(Path.Combine(ArtifactsFor(function), "zoneinfo", "Asia", "Tokyo")));
            Assert.False(Directory.Exists(Path.Combine(ArtifactsFor(function), "zoneinfo.partial")));
        }

        // One executable per capability: the scaler's and the migration's, each published once.
        Assert.Equal(["publish Migration", "publish Scaler"], File.ReadAllLines(PublishLog).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BuildTarget_WhenTheSourcesDidNotChange_ShouldReuseThePublishedBootstrapOfItsCapability()
    {
        // Arrange
        var first = Make("build-MigrationSnapshotFunction", ArtifactsFor("MigrationSnapshotFunction"));

        // Act
        var second = Make("build-MigrationReportFunction", ArtifactsFor("MigrationReportFunction"));

        // Assert
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.Equal("publish Migration", Assert.Single(File.ReadAllLines(PublishLog)));
    }

    [Fact]
    public void BuildTargets_WhenTemplateFunctionsAreBuilt_ShouldPublishTheCapabilityThatServesTheirHandler()
    {
        // Arrange: every function of template.yaml with its Handler; scaler → the scaler's executable, migration-* → the migration's.
        var functions = TemplateFunction().Matches(File.ReadAllText(TemplateFiles.ParentTemplate))
            .Select(match => (LogicalId: match.Groups[1].Value, Handler: match.Groups[2].Value))
            .ToArray();
        Assert.Equal(13, functions.Length);

        foreach (var (logicalId, handler) in functions)
        {
            // Act: dry run (no publish), as the arm64 test below.
            var run = TemplateFiles.Run("make", ["-n", $"build-{logicalId}", $"BUILD_ROOT={Path.Combine(scratch, "root")}"], workingDirectory: ProjectDirectory);

            // Assert
            Assert.True(run.ExitCode == 0, $"make -n build-{logicalId}: {run.Error}");
            var capability = handler.StartsWith("migration-", StringComparison.Ordinal) ? "Migration" : handler == "scaler" ? "Scaler" : null;
            Assert.True(capability is not null, $"{logicalId} has Handler '{handler}': say here which capability serves it");
            Assert.Contains($"-p:LifecycleCapability={capability} ", run.Output, StringComparison.Ordinal);
            Assert.Contains($"/{capability}/publish/bootstrap", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BuildTarget_WhenArchitectureDiffersFromTheTemplate_ShouldFailNamingTheFix()
    {
        // Act
        var run = Make("build-ScalerFunction", ArtifactsFor("ScalerFunction"), ("ARCHITECTURE", "arm64"));

        // Assert: an arm64 deploy of an x86-64 bootstrap fails only at the first invoke (Runtime.InvalidEntrypoint).
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ARCHITECTURE=arm64 but", run.Error, StringComparison.Ordinal);
        Assert.Contains("write \"Architectures: [arm64]\" under Globals in template.yaml", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PublishLog));
    }

    [Fact]
    public void BuildTarget_WhenTheTemplateSaysArm64_ShouldPublishForLinuxArm64()
    {
        // Arrange: a copy of template.yaml switched to Graviton, as the README tells users to do.
        var template = Path.Combine(scratch, "template.yaml");
        var text = File.ReadAllText(TemplateFiles.ParentTemplate);
        Assert.Contains("    Architectures: [x86_64]\n", text, StringComparison.Ordinal);
        File.WriteAllText(template, text.Replace("    Architectures: [x86_64]\n", "    Architectures: [arm64]\n", StringComparison.Ordinal));

        // Act: dry run; the bootstrap itself would need an aarch64 toolchain.
        var run = TemplateFiles.Run("make", ["-n", "build-ScalerFunction", $"TEMPLATE={template}", $"BUILD_ROOT={Path.Combine(scratch, "root")}"], workingDirectory: ProjectDirectory);

        // Assert
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("-r linux-arm64", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"arm64\"", run.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^  ([A-Za-z0-9]+):\n(?:    Condition: \S+\n)?    Type: AWS::Serverless::Function\n(?:(?!^  \S).*\n)*?      Handler: (\S+)", RegexOptions.Multiline)]
    private static partial Regex TemplateFunction();

    private string ArtifactsFor(string function) => Path.Combine(scratch, "artifacts", function);

    private (int ExitCode, string Output, string Error) Make(string target, string artifactsDirectory, params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(scratch, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_DOTNET_LOG"] = PublishLog,
            ["ARTIFACTS_DIR"] = artifactsDirectory,
            ["BUILD_ROOT"] = Path.Combine(scratch, "root"),
            ["ZONEINFO_SOURCE"] = Path.Combine(scratch, "zoneinfo"),
            // The stand-in bootstrap is this machine's /bin/true; its glibc is not what is under test here.
            ["MAX_GLIBC"] = "99",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return TemplateFiles.Run("make", ["--no-print-directory", target], environment, ProjectDirectory);
    }
}
