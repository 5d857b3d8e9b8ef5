using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Migration;

/// <summary><c>migrate status [EXECUTION]</c>: DescribeExecution + GetExecutionHistory of one execution (default the newest), followed while it runs.</summary>
public sealed class MigrateStatusCommand(CliContext context) : MigrationCommandBase<MigrateStatusSettings>(context)
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, MigrateStatusSettings settings, CancellationToken cancellationToken)
    {
        var deployment = await Deployment.ResolveAsync(settings, Context, cancellationToken).ConfigureAwait(false);
        var stepFunctions = new AmazonStepFunctionsClient(deployment.Aws);
        string executionArn;
        if (settings.Execution is { } execution && execution.StartsWith("arn:", StringComparison.Ordinal))
        {
            executionArn = execution;
        }
        else
        {
            var stateMachine = StateMachineArn(deployment, settings);
            executionArn = settings.Execution is { } name
                ? ExecutionArnFromName(stateMachine, name)
                : await NewestExecutionAsync(stepFunctions, stateMachine, cancellationToken).ConfigureAwait(false);
        }

        return await FollowAndReportAsync(stepFunctions, executionArn, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>arn:aws:states:r:a:stateMachine:M + N → arn:aws:states:r:a:execution:M:N.</summary>
    public static string ExecutionArnFromName(string stateMachineArn, string executionName)
    {
        const string marker = ":stateMachine:";
        var index = stateMachineArn.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new CliUsageException($"'{stateMachineArn}' is not a state machine ARN: pass the execution's ARN instead of its name.");
        }

        return $"{stateMachineArn[..index]}:execution:{stateMachineArn[(index + marker.Length)..]}:{executionName}";
    }

    private static async Task<string> NewestExecutionAsync(IAmazonStepFunctions stepFunctions, string stateMachine, CancellationToken cancellationToken)
    {
        var response = await stepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = stateMachine, MaxResults = 20 }, cancellationToken).ConfigureAwait(false);
        var newest = response.Executions?.OrderByDescending(e => e.StartDate).FirstOrDefault()
            ?? throw new CliUsageException("The migration state machine has no executions yet: start one with 'migrate start' (or 'migrate start --dry-run').");
        return newest.ExecutionArn!;
    }
}
