using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Emulation.Lambda;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Emulation.StepFunctions;
using LangfuseLifecycle.Functions.Handlers;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>
/// The migration part of <c>langfuse-lifecycle demo</c>: statemachines/migration.asl.json itself, run by the npm
/// package aws-local-stepfunctions (scripts/run-local-sfn.cjs; moto's Step Functions cannot call our code), whose
/// Task states invoke the Lambda Invoke emulator, which runs the real step handlers (<see cref="HandlerRegistry.Default"/>,
/// the template's Handler names, each with its own function environment) against moto and the App Runner and health
/// emulators. Wait states are shortened to <see cref="WaitMilliseconds"/>: the loops still run, only faster.
/// </summary>
public sealed class MigrationDemo(TextWriter output, string repositoryRoot)
{
    public const int WaitMilliseconds = 100;

    /// <summary>Budget of one run of scripts/run-local-sfn.cjs (one migration); its expiry is a named TimeoutException.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly HttpClient WebClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The repository this CLI runs from (statemachines/, scripts/, package-lock.json); <c>null</c> outside a clone.</summary>
    public static string? FindRepositoryRoot() => NodeTools.FindRepositoryRoot(AppContext.BaseDirectory, Directory.GetCurrentDirectory());

    /// <summary>Resets moto, creates a v2 installation on it and runs one migration; moto is left as the run left it.</summary>
    /// <summary>A cancellation surfaces as <see cref="DemoCancelledException"/> naming who cancelled, the scenario and its phase, and the time.</summary>
    public async Task<MigrationDemoResult> RunAsync(Uri motoEndpoint, MigrationDemoScenario scenario, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.StartNew();
        var activity = new MigrationDemoActivity();
        try
        {
            return await RunScenarioAsync(motoEndpoint, scenario, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (exception is not DemoCancelledException)
        {
            throw new DemoCancelledException(DemoCancelledException.WhoCancelled(exception, cancellationToken), $"{scenario.Title}, {activity.Describe()}", started.Elapsed, exception, cancellationToken);
        }
    }

    private async Task<MigrationDemoResult> RunScenarioAsync(Uri motoEndpoint, MigrationDemoScenario scenario, MigrationDemoActivity activity, CancellationToken cancellationToken)
    {
        var definitionJson = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "statemachines", "migration.asl.json"), cancellationToken).ConfigureAwait(false);
        await using var installation = await MigrationDemoInstallation.CreateAsync(motoEndpoint, definitionJson, cancellationToken).ConfigureAwait(false);
        var functions = new LocalLambdaFunctions(HandlerRegistry.Default, MigrationStackFunctions.Create(motoEndpoint, installation.AppRunner.Endpoint, installation.Iam.Endpoint));
        await using var lambda = LambdaInvokeEmulator.Start(functions.InvokeAsync);
        var webBefore = installation.AppRunner.GetService(installation.Web.ServiceArn);

        output.WriteLine($"  created: Aurora PostgreSQL cluster '{MigrationDemoInstallation.DatabaseIdentifier}', EFS One Zone {installation.FileSystemId} in {installation.FileSystemZone},");
        output.WriteLine($"           ECS '{MigrationDemoInstallation.ClickHouseService}' and '{MigrationDemoInstallation.WorkerService}' at 0 (ClickHouse subnets in two AZs), state machine '{MigrationDemoInstallation.StateMachineName}' (moto)");
        output.WriteLine($"           App Runner 'langfuse-web' RUNNING on {ImageTag(webBefore.ImageIdentifier)} (App Runner emulator {installation.AppRunner.Endpoint.Authority}), ClickHouse /ping + worker /api/health ({installation.Health.BaseUri.Authority})");
        output.WriteLine($"           {functions.Functions.Count} step functions behind a Lambda Invoke emulator ({lambda.Endpoint.Authority}), Wait states shortened to {WaitMilliseconds} ms");
        if (scenario.FailWebSwitch)
        {
            installation.AppRunner.FailNextOperation(installation.Web.ServiceArn, "ROLLBACK_SUCCEEDED");
            output.WriteLine("           fault: App Runner will end the next UpdateService ROLLBACK_SUCCEEDED (a v3 deployment that never became healthy)");
        }

        var executionId = installation.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + scenario.ExecutionName;
        output.WriteLine($"  StartExecution {scenario.InputJson} → {scenario.ExecutionName}");
        var substitutions = new JsonObject();
        foreach (var (name, value) in installation.DefinitionSubstitutions(functions.Functions))
        {
            substitutions[name] = value;
        }

        var spec = new JsonObject
        {
            ["repositoryRoot"] = repositoryRoot,
            ["definition"] = JsonNode.Parse(definitionJson),
            ["input"] = JsonNode.Parse(scenario.InputJson),
            ["substitutions"] = substitutions,
            ["lambdaEndpoint"] = lambda.Endpoint.ToString(),
            ["waitMilliseconds"] = WaitMilliseconds,
            ["retryIntervalMilliseconds"] = WaitMilliseconds,
            ["stream"] = true,
            ["context"] = new JsonObject
            {
                ["Execution"] = new JsonObject { ["Name"] = scenario.ExecutionName, ["Id"] = executionId },
                ["StateMachine"] = new JsonObject { ["Id"] = installation.StateMachineArn, ["Name"] = MigrationDemoInstallation.StateMachineName },
            },
        };

        var renderer = new MigrationProgressRenderer(output, installation.FileSystemZone);
        activity.Renderer = renderer;
        var run = await NodeTools.RunAsync(repositoryRoot, "node", [Path.Combine(repositoryRoot, "scripts", "run-local-sfn.cjs")], spec.ToJsonString(), renderer.OnLine, RunTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (run.ExitCode != 0 || renderer.Result is not { } result)
        {
            throw new InvalidOperationException($"scripts/run-local-sfn.cjs failed (exit {run.ExitCode}): {run.Stderr.Trim()}");
        }

        activity.ReadingBack = true;
        var webAfter = installation.AppRunner.GetService(installation.Web.ServiceArn);
        var demoResult = new MigrationDemoResult(
            scenario.ExecutionName,
            (string)result["status"]!,
            (string?)result["error"],
            (string?)result["cause"],
            result["output"]?.DeepClone(),
            [.. renderer.Phases],
            [.. renderer.StatesEntered],
            "langfuse-pre-v3-" + scenario.ExecutionName,
            webBefore,
            webAfter,
            installation.AppRunner.GetOperations(installation.Web.ServiceArn),
            lambda.Invocations,
            renderer.EventLines);
        PrintOutcome(demoResult);
        await PrintReadBackAsync(installation, demoResult, cancellationToken).ConfigureAwait(false);
        return demoResult;
    }

    /// <summary>What a run is doing now: the step before the state machine, then the phase the execution is in.</summary>
    private sealed class MigrationDemoActivity
    {
        public MigrationProgressRenderer? Renderer { get; set; }

        public bool ReadingBack { get; set; }

        public string Describe() => (Renderer, ReadingBack) switch
        {
            (null, _) => "creating the v2 installation on moto",
            (_, true) => "reading back the emulators",
            ({ Phases.Count: 0 }, _) => "starting the execution",
            _ => $"{Renderer.Phases[^1]} phase",
        };
    }

    private void PrintOutcome(MigrationDemoResult result)
    {
        if (!result.Succeeded)
        {
            output.WriteLine($"  Execution {result.Status}");
            output.WriteLine($"    error  {result.Error}");
            output.WriteLine($"    cause  {result.Cause}");
            return;
        }

        var summary = result.Output;
        output.WriteLine("  Execution SUCCEEDED; its output (the migration-report summary):");
        output.WriteLine($"    outcome    {Text(summary?["outcome"])} v{Text(summary?["versionBefore"])} → v{Text(summary?["versionAfter"])}");
        output.WriteLine($"    snapshot   {Text(summary?["snapshotIdentifier"])} of {Text(summary?["databaseIdentifier"])} (kept)");
        output.WriteLine($"    web image  {Text(summary?["webBefore"]?["imageIdentifier"])} → {Text(summary?["webAfter"]?["imageIdentifier"])} (v2 configuration recorded in SSM {Text(summary?["v2WebRecord"])})");
        var phases = (summary?["phases"] as JsonArray ?? []).Select(phase =>
            $"{Text(phase?["phase"])} {(DateTimeOffset.Parse(Text(phase?["endedAt"])!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(Text(phase?["startedAt"])!, CultureInfo.InvariantCulture)).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        output.WriteLine($"    phases     {string.Join(", ", phases)}");
    }

    /// <summary>What the emulators hold now, read back directly: the proof that the steps did what the lines say.</summary>
    private async Task PrintReadBackAsync(MigrationDemoInstallation installation, MigrationDemoResult result, CancellationToken cancellationToken)
    {
        var moto = new MotoSeedRequests(installation.MotoEndpoint);
        output.WriteLine("  Read back from the emulators:");
        var snapshots = await moto.QueryAsync("rds", "2014-10-31", "DescribeDBClusterSnapshots", cancellationToken, ("DBClusterIdentifier", MigrationDemoInstallation.DatabaseIdentifier)).ConfigureAwait(false);
        // moto also lists an automated "rds:" snapshot of its own; the migration's are the manual ones.
        foreach (var snapshot in snapshots.Descendants().Where(element => element.Name.LocalName == "DBClusterSnapshot" && Child(element, "SnapshotType") != "automated"))
        {
            var tags = snapshot.Descendants().Where(element => element.Name.LocalName == "Tag")
                .Select(tag => $"{Child(tag, "Key")}={Child(tag, "Value")}");
            output.WriteLine($"    RDS         cluster snapshot {Child(snapshot, "DBClusterSnapshotIdentifier")} {Child(snapshot, "Status")}, tags {string.Join(", ", tags)}");
        }

        var services = await moto.EcsAsync("DescribeServices", new JsonObject
        {
            ["cluster"] = MigrationDemoInstallation.Cluster,
            ["services"] = new JsonArray(MigrationDemoInstallation.ClickHouseService, MigrationDemoInstallation.WorkerService),
        }, cancellationToken).ConfigureAwait(false);
        foreach (var service in services["services"]!.AsArray())
        {
            var subnets = service!["networkConfiguration"]!["awsvpcConfiguration"]!["subnets"]!.AsArray().Select(subnet => subnet!.GetValue<string>());
            var taskDefinition = service["taskDefinition"]!.GetValue<string>();
            var definition = await moto.EcsAsync("DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = taskDefinition }, cancellationToken).ConfigureAwait(false);
            var environment = definition["taskDefinition"]!["containerDefinitions"]![0]!["environment"] is JsonArray variables
                ? string.Join(", ", variables.Select(variable => $"{variable!["name"]!.GetValue<string>()}={variable["value"]!.GetValue<string>()}"))
                : "";
            output.WriteLine($"    ECS         {service["serviceName"]!.GetValue<string>(),-20} desired {service["desiredCount"]!.GetValue<int>()}, subnets {string.Join(",", subnets)}, "
                + $"task definition {taskDefinition[(taskDefinition.LastIndexOf('/') + 1)..]}{(environment.Length == 0 ? "" : " " + environment)}");
        }

        var served = await ServedVersionAsync(installation, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"    App Runner  langfuse-web {result.WebAfter.Status} on {ImageTag(result.WebAfter.ImageIdentifier)} ({result.WebAfter.EgressType} egress), /api/public/health reports version {served}; "
            + $"operations: {string.Join(", ", result.WebOperations.Reverse().Select(operation => $"{operation.Type} {operation.Status}"))}");
        output.WriteLine($"    Lambda      {result.Invocations.Count} invocations of {result.Invocations.Select(invocation => invocation.ShortFunctionName).Distinct().Count()} step functions");
    }

    private static async Task<string> ServedVersionAsync(MigrationDemoInstallation installation, CancellationToken cancellationToken)
    {
        try
        {
            using var health = await WebClient.GetAsync(installation.Web.HealthUrl, cancellationToken).ConfigureAwait(false);
            using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return body.RootElement.GetProperty("version").GetString() ?? "?";
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or KeyNotFoundException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"unreadable ({exception.Message})";
        }
    }

    private static string? Child(XElement element, string localName) => element.Elements().FirstOrDefault(child => child.Name.LocalName == localName)?.Value;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToJsonString();

    private static string ImageTag(string image) => image[(image.LastIndexOf('/') + 1)..];
}
