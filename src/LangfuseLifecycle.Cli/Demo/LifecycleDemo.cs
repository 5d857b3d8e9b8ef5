using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Emulation.Exceptions;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Emulation.StepFunctions;
using LangfuseLifecycle.Functions;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;
using Spectre.Console;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary><c>langfuse-lifecycle demo</c>: starts moto_server, creates a Langfuse-like backend on it, and sends the scaler function's
/// events (sleep, sleep again, status, wake, wake-for-hours, a scheduled sleep during it) through the same handler the Lambda runs,
/// printing what changed; then runs the migration state machine twice on the emulators (<see cref="MigrationDemo"/>): a full
/// migration, and one whose web switch fails and is rolled back.</summary>
public sealed class LifecycleDemo(TextWriter output)
{
    private static readonly string[] Steps =
    [
        """{"action":"sleep","reason":"scheduled sleep, 20:00 Mon-Fri"}""",
        """{"action":"sleep","reason":"a second sleep (e.g. a retried invocation)"}""",
        """{"action":"status"}""",
        """{"action":"wake","reason":"scheduled wake, 08:00 Mon-Fri"}""",
        """{"action":"wake","forHours":3,"reason":"late incident review"}""",
        """{"action":"sleep","reason":"scheduled sleep, 20:00 Mon-Fri"}""",
        """{"action":"status"}""",
    ];

    /// <summary>Where the demo is, for the message when it is cancelled.</summary>
    private string during = "the node tools check";

    /// <summary>Runs the demo; a cancellation surfaces as <see cref="DemoCancelledException"/> naming who cancelled, the part and phase, and the time.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        output.WriteLine("Langfuse Lifecycle demo: scheduled sleep and wake of a Langfuse v3 backend, then the v2 → v3 migration, on local AWS emulators.");
        var total = Stopwatch.StartNew();
        try
        {
            return await RunPartsAsync(total, cancellationToken).ConfigureAwait(false);
        }
        catch (DemoCancelledException exception)
        {
            throw new DemoCancelledException(exception.CancelledBy, $"{during} ({exception.During})", total.Elapsed, exception.InnerException!, exception.CancellationToken);
        }
        catch (OperationCanceledException exception)
        {
            throw new DemoCancelledException(DemoCancelledException.WhoCancelled(exception, cancellationToken), during, total.Elapsed, exception, cancellationToken);
        }
    }

    private async Task<int> RunPartsAsync(Stopwatch total, CancellationToken cancellationToken)
    {

        // The migration part needs node and the repository's npm tools: checked first, so a missing node fails before anything runs.
        var repositoryRoot = MigrationDemo.FindRepositoryRoot();
        if (repositoryRoot is null)
        {
            output.WriteLine($"failed: the migration part runs statemachines/migration.asl.json from a clone of the repository; none found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}. Run ./scripts/demo.sh from the clone.");
            return 1;
        }

        try
        {
            await NodeTools.EnsureInstalledAsync(repositoryRoot, output, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeToolsUnavailableException exception)
        {
            output.WriteLine($"failed: {exception.Message}");
            return 1;
        }

        output.WriteLine();
        output.WriteLine("Part 1: scheduler (sleep/wake through the scaler function's handler)");
        during = "Part 1 (starting moto_server)";
        await using var moto = await MotoServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  moto_server listening on {moto.Endpoint}");

        during = "Part 1 (creating the backend on moto)";
        var environment = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  created: cluster '{environment.Cluster}', EFS One Zone {environment.FileSystemId} in {environment.FileSystemZone}");
        output.WriteLine($"           ClickHouse '{environment.ClickHouseService}' (1 task, subnets drifted across {environment.SubnetInFileSystemZone} and {environment.SubnetInOtherZone}, deployment max 200 %)");
        output.WriteLine($"           worker '{environment.WorkerService}' (2 tasks, scalable target 1-4)");
        output.WriteLine();

        var console = PlainConsole();
        var handler = ScalerHandler.Create(new DictionaryEnvironment(environment.ScalerEnvironment()));
        using var log = new MemoryStream();
        var logger = new LambdaLogger(log, ScalerHandler.HandlerName, TimeProvider.System);
        for (var index = 0; index < Steps.Length; index++)
        {
            var step = Steps[index];
            output.WriteLine($"[{index + 1}] event {step}");
            during = $"Part 1 (event [{index + 1}])";
            var context = new InvocationContext($"demo-{index + 1}", DateTimeOffset.UtcNow.AddMinutes(15), MotoLangfuseEnvironment.FunctionArn, null, logger);
            try
            {
                var resultJson = await handler.HandleAsync(Encoding.UTF8.GetBytes(step), context, cancellationToken).ConfigureAwait(false);
                var summary = JsonSerializer.Deserialize(resultJson, ScalerJsonContext.Default.ScalerSummary)!;
                // Rendered exactly as `langfuse-lifecycle sleep`/`wake` render the same summary.
                ScalerRenderer.Render(console, summary);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                output.WriteLine($"    failed: {exception.GetType().Name}: {exception.Message}");
                return 1;
            }

            output.WriteLine();
        }

        during = "Part 1b (the operator CLI)";
        if (!await ShowOperatorCliAsync(environment, cancellationToken).ConfigureAwait(false))
        {
            return 1;
        }

        var migration = new MigrationDemo(output, repositoryRoot);
        var scenarios = new[] { MigrationDemoScenario.Migrate(DateTimeOffset.UtcNow), MigrationDemoScenario.WebSwitchFails(DateTimeOffset.UtcNow) };
        for (var index = 0; index < scenarios.Length; index++)
        {
            output.WriteLine($"Part 2.{index + 1}: migration v2 → v3, {scenarios[index].Title}");
            during = $"Part 2.{index + 1}";
            var result = await migration.RunAsync(moto.Endpoint, scenarios[index], cancellationToken).ConfigureAwait(false);
            if (result.Succeeded == scenarios[index].FailWebSwitch)
            {
                output.WriteLine($"failed: the execution ended {result.Status}, which this scenario does not expect.");
                return 1;
            }

            output.WriteLine();
        }

        output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.0} s. The same handlers run in AWS Lambda as the ScalerFunction and the Migration* functions,");
        output.WriteLine("and the same statemachines/migration.asl.json as MigrationStateMachine (template.yaml).");
        return 0;
    }

    /// <summary>The same backend as an operator sees it: the CLI's own commands, reading the settings the function has.</summary>
    private async Task<bool> ShowOperatorCliAsync(MotoLangfuseEnvironment environment, CancellationToken cancellationToken)
    {
        output.WriteLine("Part 1b: the operator CLI on the same backend");
        var variables = environment.ScalerEnvironment();
        var console = PlainConsole();
        var context = new CliContext
        {
            GetVariable = name => variables.TryGetValue(name, out var value) ? value : null,
            Time = TimeProvider.System,
            Console = console,
            Error = console,
            JsonOut = output,
        };
        foreach (var arguments in new[] { new[] { "status" }, ["plan", "--days", "3"] })
        {
            output.WriteLine($"$ langfuse-lifecycle {string.Join(' ', arguments)}");
            var exitCode = await CliApplication.RunAsync(arguments, context, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                output.WriteLine($"failed: langfuse-lifecycle {string.Join(' ', arguments)} exited {exitCode}.");
                return false;
            }

            output.WriteLine();
        }

        return true;
    }

    /// <summary>The demo's output as a console without colours or ANSI codes (the demo may be piped or captured).</summary>
    private IAnsiConsole PlainConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;
        return console;
    }
}
