namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>One event received from <c>GET /runtime/invocation/next</c>.</summary>
public sealed record InvocationRequest(
    string RequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    ReadOnlyMemory<byte> Payload);
