namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>The pre-migration database snapshot could not be created or ended in the failed state; nothing else was changed.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class SnapshotFailedException : MigrationException
{
    public SnapshotFailedException(string message) : base(message) { }

    public SnapshotFailedException(string message, Exception innerException) : base(message, innerException) { }
}
