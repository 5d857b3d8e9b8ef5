namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>How the bootstrap turns the invocation deadline into cancellation.</summary>
public sealed record LambdaBootstrapOptions
{
    /// <summary>
    /// The handler's CancellationToken fires this long before <c>Lambda-Runtime-Deadline-Ms</c>, so the handler can stop
    /// its AWS calls and the bootstrap can report <see cref="Exceptions.HandlerDeadlineExceededException"/> before Lambda kills the sandbox.
    /// </summary>
    public TimeSpan CancellationMargin { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// If the handler ignores its cancelled token and is still running this long before the deadline, the bootstrap reports
    /// the deadline error anyway and exits (exit code <see cref="LambdaBootstrap.ExitCodeHandlerAbandoned"/>): a handler that is
    /// still running must not overlap the next invocation. Must be smaller than <see cref="CancellationMargin"/>.
    /// </summary>
    public TimeSpan ReportingReserve { get; init; } = TimeSpan.FromMilliseconds(250);
}
