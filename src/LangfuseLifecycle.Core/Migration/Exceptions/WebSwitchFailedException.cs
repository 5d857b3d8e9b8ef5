namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>App Runner could not switch the web to the v3 configuration.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class WebSwitchFailedException : MigrationException
{
    public WebSwitchFailedException(string message) : base(message) { }

    public WebSwitchFailedException(string message, Exception innerException) : base(message, innerException) { }
}
