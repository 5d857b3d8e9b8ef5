using System.Globalization;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Cli.Commands;
using LangfuseLifecycle.Cli.Commands.Backend;
using LangfuseLifecycle.Cli.Commands.Cost;
using LangfuseLifecycle.Cli.Commands.Migration;
using LangfuseLifecycle.Cli.Commands.Notify;
using LangfuseLifecycle.Cli.Commands.Plan;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Core.Cost.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Cli.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli;

/// <summary>The <c>langfuse-lifecycle</c> command tree, and the one place that turns exceptions into exit codes and messages.</summary>
public static class CliApplication
{
    public const string Name = "langfuse-lifecycle";

    private static readonly string[] BranchNames = ["migrate", "notify"];

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var app = Build(context);
        var started = context.Time.GetTimestamp();
        try
        {
            return await app.RunAsync(args, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandAppException exception) when (exception is CommandParseException or CommandRuntimeException or CommandConfigurationException)
        {
            // Usage first, then the error: in a terminal the message naming the flag stays on screen below the usage.
            if (!WantsJson(args))
            {
                await ShowUsageAsync(app, args, cancellationToken).ConfigureAwait(false);
            }

            ReportError(context, args, exception, "BadUsage", exception.Pretty);

            return ExitCodes.BadUsage;
        }
        catch (Exception exception) when (IsBadUsage(exception))
        {
            if (!WantsJson(args))
            {
                await ShowUsageAsync(app, args, cancellationToken).ConfigureAwait(false);
            }

            ReportError(context, args, exception, exception.GetType().Name, null);

            return ExitCodes.BadUsage;
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's token (Ctrl+C, or a test's budget) fired: say so, where and after how long, never a bare "A task was canceled.".
            var message = exception is DemoCancelledException
                ? exception.Message
                : string.Create(CultureInfo.InvariantCulture, $"'{Name} {string.Join(' ', args)}' was cancelled by the caller (Ctrl+C or the caller's deadline) after {context.Time.GetElapsedTime(started).TotalSeconds:0} s ({exception.GetType().Name}: {exception.Message})");
            ReportError(context, args, new OperationCanceledException(message, exception), "Cancelled", null);
            return ExitCodes.ActionFailed;
        }
        catch (Exception exception)
        {
            ReportError(context, args, exception, exception.GetType().Name, null);
            return ExitCodes.ActionFailed;
        }
    }

    private static CommandApp Build(CliContext context)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            // Spectre's built-in registrar injects constructor parameters: every command takes the CliContext.
            config.Settings.Registrar.RegisterInstance(context);
            config.SetApplicationName(Name);
            config.ConfigureConsole(context.Console);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.AddCommand<StatusCommand>("status")
                .WithDescription("Per service: desired/running, restore count, AZ pin, overrides; the deployed schedules and the next wake and sleep in their time zone; the last action and its outcome; the last ECS event; the stack's alarm states and last notification.")
                .WithExample("status", "--stack", "langfuse-lifecycle");
            config.AddCommand<WakeCommand>("wake")
                .WithDescription("Wake ClickHouse (in its EFS AZ) then the worker, restoring recorded counts; --for sleeps again after that long.")
                .WithExample("wake", "--stack", "langfuse-lifecycle", "--for", "3h", "--reason", "7 pm demo");
            config.AddCommand<SleepCommand>("sleep")
                .WithDescription("Put the worker, then ClickHouse, to sleep (desired 0), recording their counts for the next wake.")
                .WithExample("sleep", "--stack", "langfuse-lifecycle", "--dry-run");
            config.AddCommand<KeepAwakeCommand>("keep-awake")
                .WithDescription("Keep the backend awake: scheduled sleeps are skipped until the given time.")
                .WithExample("keep-awake", "--stack", "langfuse-lifecycle", "--until", "2026-12-01T22:00");
            config.AddCommand<PlanCommand>("plan")
                .WithDescription("What the sleep/wake schedules will do day by day: holidays, keep-awake and one-time sleeps, DST shifts, awake hours.")
                .WithExample("plan", "--stack", "langfuse-lifecycle", "--days", "14");
            config.AddCommand<CostCommand>("cost")
                .WithDescription("Monthly cost of the backend always on versus on its sleep/wake schedule, beside the seed talk's reference table.")
                .WithExample("cost", "--stack", "langfuse-lifecycle")
                .WithExample("cost", "--region", "us-east-1", "--worker-size", "0.5x1", "--wake-cron", "cron(0 9 ? * MON-FRI *)", "--sleep-cron", "cron(0 19 ? * MON-FRI *)", "--timezone", "America/New_York");
            config.AddCommand<DemoCommand>("demo")
                .WithDescription("Run the lifecycle on local emulators: starts moto_server, builds a Langfuse-like backend, sleeps and wakes it through the functions' handlers, then runs the v2 → v3 migration state machine twice (a full migration, and one rolled back).");
            config.AddBranch<GlobalSettings>("migrate", migrate =>
            {
                migrate.SetDescription("Start the v2 → v3 migration state machine and follow its phases.");
                migrate.AddCommand<MigrateStartCommand>("start")
                    .WithDescription("Start MigrationStateMachine with {} (or a dry run) and follow it live until it ends.")
                    .WithExample("migrate", "start", "--stack", "langfuse-lifecycle", "--dry-run");
                migrate.AddCommand<MigrateStatusCommand>("status")
                    .WithDescription("Phases of an execution (default: the newest), followed live while it runs.")
                    .WithExample("migrate", "status", "--stack", "langfuse-lifecycle");
            });
            config.AddBranch<GlobalSettings>("notify", notify =>
            {
                notify.SetDescription("The stack's notifications (SNS topic of templates/observability.yaml).");
                notify.AddCommand<NotifyTestCommand>("test")
                    .WithDescription("Publish a test message naming the stack to its notification topic, so subscribers can check they receive it.")
                    .WithExample("notify", "test", "--stack", "langfuse-lifecycle");
            });
        });
        return app;
    }

    /// <summary>Errors whose fix is a different command line: wrong or missing values, unknown time zone, task size, region.</summary>
    private static bool IsBadUsage(Exception exception) =>
        exception is CliUsageException or CostModelException or AwsConfigurationException or InvalidScalerRequestException or InvalidScalerConfigurationException
            or ScalerFunctionFailedException { ErrorType: nameof(InvalidScalerRequestException) };

    private static void ReportError(CliContext context, string[] args, Exception exception, string errorType, Spectre.Console.Rendering.IRenderable? pretty)
    {
        if (WantsJson(args))
        {
            JsonOutput.Write(context, new CliError(errorType, exception.Message), json => json.CliError);
            return;
        }

        if (pretty is not null)
        {
            context.Error.Write(pretty);
            return;
        }

        var label = errorType == "Cancelled" ? "Cancelled:" : "Error:";
        context.Error.MarkupLine($"[red]{label}[/] {Markup.Escape(exception.Message)}");
    }

    /// <summary>Shows the help of the command the user was typing (or the root's), so a bad flag comes with the usage.</summary>
    private static async Task ShowUsageAsync(CommandApp app, string[] args, CancellationToken cancellationToken)
    {
        var path = new List<string>();
        foreach (var arg in args)
        {
            if (arg.StartsWith('-'))
            {
                break;
            }

            path.Add(arg);
            if (!BranchNames.Contains(arg, StringComparer.OrdinalIgnoreCase))
            {
                break;
            }
        }

        try
        {
            await app.RunAsync([.. path, "--help"], cancellationToken).ConfigureAwait(false);
        }
        catch (CommandAppException)
        {
            await app.RunAsync(["--help"], cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool WantsJson(string[] args)
    {
        for (var index = 0; index < args.Length; index++)
        {
            var arg = args[index];
            if (arg is "--output=json" or "-o=json" || ((arg is "--output" or "-o") && index + 1 < args.Length && string.Equals(args[index + 1], "json", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
