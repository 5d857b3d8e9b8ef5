using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>The running executions of the migration state machine, to refuse a second concurrent migration.</summary>
public sealed class StepFunctionsMigrationExecutions(IAmazonStepFunctions stepFunctions) : IMigrationExecutions
{
    public async Task<IReadOnlyList<string>> ListRunningExecutionArnsAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        var executions = await AwsPaginator.ListAllAsync(
            (nextToken, token) => TransientAwsErrors.CallAsync("Step Functions ListExecutions", () => stepFunctions.ListExecutionsAsync(
                new ListExecutionsRequest { StateMachineArn = stateMachineArn, StatusFilter = "RUNNING", MaxResults = 100, NextToken = nextToken },
                token)),
            page => page.Executions,
            page => page.NextToken,
            cancellationToken).ConfigureAwait(false);
        return [.. executions.Select(execution => execution.ExecutionArn).OfType<string>()];
    }
}
