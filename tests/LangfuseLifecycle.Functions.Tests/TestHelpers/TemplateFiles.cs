using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// Reads the CloudFormation templates the way CloudFormation will see them: YAML decoded by cfn-lint's loader (short-form
/// intrinsics included) and, for SAM templates, expanded by the preinstalled aws-sam-translator after local artifacts are
/// replaced by S3 locations as `sam package` replaces them. Also runs cfn-lint.
/// </summary>
internal static class TemplateFiles
{
    // Managed policies are never looked up: the templates attach none, and a lookup would need an AWS account.
    private const string RenderScript = """
        import json, sys
        from cfnlint.decode import cfn_yaml
        from samtranslator.translator.transform import transform

        class NoManagedPolicies:
            def load(self):
                return {}

        template = cfn_yaml.load(sys.argv[1])
        # What `sam package` does before CloudFormation sees the template: local code and definitions become S3 objects.
        for resource in template.get("Resources", {}).values():
            properties = resource.get("Properties", {})
            for key in ("CodeUri", "DefinitionUri"):
                if isinstance(properties.get(key), str) and not properties[key].startswith("s3://"):
                    properties[key] = "s3://packaged-artifacts/" + properties[key].strip("/")
        if "Transform" in template:
            template = transform(template, {}, NoManagedPolicies())
        print(json.dumps(template, default=str))
        """;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ParentTemplate => Path.Combine(RepositoryRoot, "template.yaml");

    public static string BackendTemplate => Path.Combine(RepositoryRoot, "templates", "backend.yaml");

    public static JsonObject Render(string path)
    {
        var (exitCode, output, error) = Run("python3", ["-c", RenderScript, path]);
        Assert.True(exitCode == 0, $"rendering {path} failed: {error}");
        return JsonNode.Parse(output)!.AsObject();
    }

    public static (int ExitCode, string Output) CfnLint(params string[] arguments)
    {
        var (exitCode, output, error) = Run("cfn-lint", arguments);
        return (exitCode, output + error);
    }

    public static (int ExitCode, string Output, string Error) RunPython(string script, params string[] arguments) =>
        Run("python3", ["-c", script, .. arguments]);

    /// <summary>Runs a tool to completion (3 minutes at most) in <paramref name="workingDirectory"/> (default: the repository).</summary>
    public static (int ExitCode, string Output, string Error) Run(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The SAM translator needs a region for pseudo parameters; nothing here calls AWS.
        start.Environment["AWS_DEFAULT_REGION"] = "ap-northeast-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within 3 minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LangfuseLifecycle.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LangfuseLifecycle.sln not found above " + AppContext.BaseDirectory);
    }
}
