namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>An AWS call failed for a reason that a retry can fix (throttling, 5xx, network).</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class TransientAwsException : MigrationException
{
    public TransientAwsException(string message) : base(message) { }

    public TransientAwsException(string message, Exception innerException) : base(message, innerException) { }
}
