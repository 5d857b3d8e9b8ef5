namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>RDS refused the snapshot because the database is busy (backing-up, modifying, another snapshot running):
/// a later attempt succeeds once it is available again.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry.</remarks>
public sealed class DatabaseBusyException : MigrationException
{
    public DatabaseBusyException(string message) : base(message) { }

    public DatabaseBusyException(string message, Exception innerException) : base(message, innerException) { }
}
