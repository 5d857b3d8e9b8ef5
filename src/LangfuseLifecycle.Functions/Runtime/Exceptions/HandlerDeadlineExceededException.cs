namespace LangfuseLifecycle.Functions.Runtime.Exceptions;

/// <summary>
/// The handler did not finish before the invocation deadline (less the bootstrap's safety margin). Reported instead of
/// the handler's own <see cref="OperationCanceledException"/> so Step Functions can tell a deadline from other cancellations.
/// </summary>
public sealed class HandlerDeadlineExceededException : Exception
{
    public HandlerDeadlineExceededException(string message)
        : base(message)
    {
    }

    public HandlerDeadlineExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
