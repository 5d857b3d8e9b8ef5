namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>A component did not pass the required number of consecutive health checks within the attempt limit.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class HealthCheckFailedException : MigrationException
{
    public HealthCheckFailedException(string message) : base(message) { }

    public HealthCheckFailedException(string message, Exception innerException) : base(message, innerException) { }
}
