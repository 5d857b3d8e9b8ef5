namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>Base of every error the migration steps report to Step Functions.</summary>
public abstract class MigrationException : Exception
{
    protected MigrationException(string message) : base(message) { }

    protected MigrationException(string message, Exception innerException) : base(message, innerException) { }
}
