namespace LangfuseLifecycle.Functions.Runtime.Exceptions;

/// <summary>The invocation's event cannot be used: malformed JSON, a wrong type, or a missing or invalid field. No AWS change was made.</summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException(string message)
        : base(message)
    {
    }

    public InvalidEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
