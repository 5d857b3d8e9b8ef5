using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.StepFunctions;

namespace LangfuseLifecycle.Testing.Asl;

/// <summary>
/// Runs ASL definitions with the npm package aws-local-stepfunctions (a real interpreter whose Task states call local
/// handlers that may throw, so Retry and Catch are exercised), and validates them with asl-validator. Both come from
/// the repository's package-lock.json (<c>npm ci</c>, which scripts/test.sh runs); the runner is scripts/run-local-sfn.cjs,
/// which the CLI's demo also uses.
/// </summary>
public static class LocalStepFunctions
{
    private static readonly TimeSpan RunTimeout = TestTimeouts.NodeRun;

    /// <summary>The directory holding LangfuseLifecycle.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot { get; } = NodeTools.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"LangfuseLifecycle.sln not found above {AppContext.BaseDirectory}.");

    public static async Task<AslExecutionResult> RunAsync(AslExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcomes = new JsonObject();
        foreach (var (state, sequence) in request.TaskOutcomes)
        {
            outcomes[state] = new JsonArray(sequence.Select(outcome => (JsonNode)outcome.ToJson()).ToArray());
        }

        var substitutions = new JsonObject();
        foreach (var (name, value) in request.Substitutions)
        {
            substitutions[name] = value;
        }

        var spec = new JsonObject
        {
            ["repositoryRoot"] = RepositoryRoot,
            ["definition"] = JsonNode.Parse(request.DefinitionJson),
            ["input"] = JsonNode.Parse(request.InputJson),
            ["substitutions"] = substitutions,
            ["taskOutcomes"] = outcomes,
            ["lambdaEndpoint"] = request.LambdaEndpoint?.ToString(),
            ["zeroWaits"] = request.ZeroWaits,
            ["zeroRetryIntervals"] = request.ZeroRetryIntervals,
            ["context"] = request.ContextJson is null ? null : JsonNode.Parse(request.ContextJson),
        };

        var script = Path.Combine(RepositoryRoot, "scripts", "run-local-sfn.cjs");
        var (exitCode, stdout, stderr) = await RunNodeAsync([script], spec.ToJsonString(), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"aws-local-stepfunctions run failed (exit {exitCode}): {stderr}");
        }

        var result = JsonNode.Parse(stdout)!.AsObject();
        var unscripted = result["unscriptedStates"]!.AsArray().Select(node => (string?)node).Distinct().ToList();
        if (unscripted.Count > 0)
        {
            throw new InvalidOperationException(
                $"The execution reached Task state(s) {string.Join(", ", unscripted)} with no scripted outcome; add them to TaskOutcomes. States entered: " +
                string.Join(" → ", result["events"]!.AsArray().Where(e => (string?)e?["type"] == "StateEntered").Select(e => (string?)e!["state"]?["name"])));
        }

        var calls = result["taskCalls"]!.AsArray()
            .Select(call => new AslTaskCall((string)call!["state"]!, call["input"]?.DeepClone(), (int)call["attempt"]!))
            .ToList();
        return new AslExecutionResult(
            (string)result["status"]!,
            result["output"]?.DeepClone(),
            (string?)result["error"],
            (string?)result["cause"],
            calls,
            result["events"]!.DeepClone().AsArray());
    }

    /// <summary>Validates definition files against the ASL schema (scripts/validate-asl.cjs, which substitutes
    /// <c>${Name}</c> placeholders first). Returns the validator's messages.</summary>
    public static async Task<(bool IsValid, string Messages)> ValidateAsync(IEnumerable<string> definitionPaths, CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(RepositoryRoot, "scripts", "validate-asl.cjs");
        var (exitCode, stdout, stderr) = await RunNodeAsync([script, .. definitionPaths], standardInput: null, cancellationToken).ConfigureAwait(false);
        return (exitCode == 0, (stdout + stderr).Trim());
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(RepositoryRoot, "node_modules", "aws-local-stepfunctions")) || !Directory.Exists(Path.Combine(RepositoryRoot, "node_modules", "asl-validator")))
        {
            throw new InvalidOperationException($"The npm test tools are not installed: run 'npm ci' in {RepositoryRoot} (scripts/test.sh does).");
        }

        return NodeTools.RunAsync(RepositoryRoot, "node", arguments, standardInput, onStdoutLine: null, RunTimeout, cancellationToken);
    }
}
