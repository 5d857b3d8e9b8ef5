namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>Step Functions: the executions of the migration state machine.</summary>
public interface IMigrationExecutions
{
    Task<IReadOnlyList<string>> ListRunningExecutionArnsAsync(string stateMachineArn, CancellationToken cancellationToken);
}
