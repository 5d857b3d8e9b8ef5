namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>ClickHouse or the worker could not be started (missing service, unpinnable subnets, ECS refused the update).</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class BackendWakeFailedException : MigrationException
{
    public BackendWakeFailedException(string message) : base(message) { }

    public BackendWakeFailedException(string message, Exception innerException) : base(message, innerException) { }
}
