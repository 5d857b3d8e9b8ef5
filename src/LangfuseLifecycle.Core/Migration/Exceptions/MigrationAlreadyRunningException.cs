namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>Another execution of the migration state machine is running; this one changes nothing.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class MigrationAlreadyRunningException : MigrationException
{
    public MigrationAlreadyRunningException(string message) : base(message) { }

    public MigrationAlreadyRunningException(string message, Exception innerException) : base(message, innerException) { }
}
