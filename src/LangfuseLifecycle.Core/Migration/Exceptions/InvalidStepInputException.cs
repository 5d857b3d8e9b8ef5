namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>A migration step received input that the state machine should never send (names the field).</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class InvalidStepInputException : MigrationException
{
    public InvalidStepInputException(string message) : base(message) { }

    public InvalidStepInputException(string message, Exception innerException) : base(message, innerException) { }
}
