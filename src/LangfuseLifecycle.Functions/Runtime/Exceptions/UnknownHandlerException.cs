namespace LangfuseLifecycle.Functions.Runtime.Exceptions;

/// <summary>The function's <c>Handler</c> (<c>_HANDLER</c>) names no handler this bootstrap knows. Reported as an init error.</summary>
public sealed class UnknownHandlerException : Exception
{
    public UnknownHandlerException(string message)
        : base(message)
    {
    }
}
