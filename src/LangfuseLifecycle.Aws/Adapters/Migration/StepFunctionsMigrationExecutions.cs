using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>The running executions of the migration state machine, to refuse a second concurrent migration.</summary>
public sealed class StepFunctionsMigrationExecutions(IAmazonStepFunctions stepFunctions) : IMigrationExecutions
{
    public async Task<IReadOnlyList<string>> ListRunningExecutionArnsAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        string? nextToken = null;
        do
        {
            var token = nextToken;
            var page = await TransientAwsErrors.CallAsync("Step Functions ListExecutions", () => stepFunctions.ListExecutionsAsync(
                new ListExecutionsRequest { StateMachineArn = stateMachineArn, StatusFilter = "RUNNING", MaxResults = 100, NextToken = token },
                cancellationToken)).ConfigureAwait(false);
            arns.AddRange((page.Executions ?? []).Select(execution => execution.ExecutionArn).OfType<string>());
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return arns;
    }
}
