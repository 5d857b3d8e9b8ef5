namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>The web could not be returned to the recorded v2 configuration.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class RollbackFailedException : MigrationException
{
    public RollbackFailedException(string message) : base(message) { }

    public RollbackFailedException(string message, Exception innerException) : base(message, innerException) { }
}
