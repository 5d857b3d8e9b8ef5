using System.Globalization;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Migration;

/// <summary>
/// <c>migrate start</c>: StartExecution of MigrationStateMachine with <c>{}</c> (every setting comes from the stack) or
/// <c>{"dryRun":true}</c>, after checking that no other migration is running, then follows it.
/// </summary>
public sealed class MigrateStartCommand(CliContext context) : MigrationCommandBase<MigrateStartSettings>(context)
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, MigrateStartSettings settings, CancellationToken cancellationToken)
    {
        var deployment = await Deployment.ResolveAsync(settings, Context, cancellationToken).ConfigureAwait(false);
        var stateMachine = StateMachineArn(deployment, settings);
        var stepFunctions = new AmazonStepFunctionsClient(deployment.Aws);

        var running = await stepFunctions.ListExecutionsAsync(
            new ListExecutionsRequest { StateMachineArn = stateMachine, StatusFilter = "RUNNING", MaxResults = 10 }, cancellationToken).ConfigureAwait(false);
        if (running.Executions is { Count: > 0 } executions)
        {
            var names = string.Join(", ", executions.Select(e => e.Name));
            Context.Error.MarkupLine($"[red]Error:[/] a migration is already running ({Markup.Escape(names)}): follow it with 'migrate status {Markup.Escape(executions[0].Name ?? string.Empty)}' instead of starting another.");
            return ExitCodes.ActionFailed;
        }

        var input = settings.Input is { } text ? (JsonObject)JsonNode.Parse(text)! : [];
        if (settings.DryRun)
        {
            input["dryRun"] = true;
        }

        var name = settings.Name ?? "cli-" + Context.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var started = await stepFunctions.StartExecutionAsync(
            new StartExecutionRequest { StateMachineArn = stateMachine, Name = name, Input = input.ToJsonString() }, cancellationToken).ConfigureAwait(false);
        var executionArn = started.ExecutionArn ?? throw new InvalidOperationException("StartExecution returned no executionArn.");
        if (!settings.Json)
        {
            Context.Console.MarkupLine($"Started [bold]{Markup.Escape(name)}[/]{(settings.DryRun ? " (dry run)" : string.Empty)}: {Markup.Escape(executionArn)}");
        }

        return await FollowAndReportAsync(stepFunctions, executionArn, settings, cancellationToken).ConfigureAwait(false);
    }
}
