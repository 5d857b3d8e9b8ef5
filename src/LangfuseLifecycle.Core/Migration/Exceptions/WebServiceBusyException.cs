namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>App Runner has an operation in progress on the web service; the step is retried once it ends.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class WebServiceBusyException : MigrationException
{
    public WebServiceBusyException(string message) : base(message) { }

    public WebServiceBusyException(string message, Exception innerException) : base(message, innerException) { }
}
