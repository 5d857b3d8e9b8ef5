namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>ClickHouse or the worker did not reach a steady state within the polling limit.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class BackendNotSteadyException : MigrationException
{
    public BackendNotSteadyException(string message) : base(message) { }

    public BackendNotSteadyException(string message, Exception innerException) : base(message, innerException) { }
}
