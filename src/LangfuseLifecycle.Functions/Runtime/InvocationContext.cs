namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>What a handler knows about the invocation it serves.</summary>
/// <param name="RequestId">Lambda's request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</param>
/// <param name="Deadline">When Lambda stops the invocation. The handler's CancellationToken fires a safety margin before it.</param>
/// <param name="InvokedFunctionArn">The ARN the caller invoked (may carry a version or alias qualifier).</param>
/// <param name="TraceId">The X-Ray trace header, also exported as <c>_X_AMZN_TRACE_ID</c>.</param>
/// <param name="Logger">Structured logger already bound to this request id.</param>
public sealed record InvocationContext(string RequestId, DateTimeOffset Deadline, string InvokedFunctionArn, string? TraceId, LambdaLogger Logger);
