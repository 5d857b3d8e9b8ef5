namespace LangfuseLifecycle.Emulation.Lambda;

/// <summary>What a function returned: its response payload, or (with <see cref="FunctionError"/> <c>Unhandled</c>)
/// the <c>{"errorType","errorMessage",...}</c> JSON its runtime reported.</summary>
public sealed record LambdaInvocationResult(byte[] Payload, string? FunctionError)
{
    public static LambdaInvocationResult Success(byte[] payload) => new(payload, null);

    public static LambdaInvocationResult Unhandled(byte[] errorJson) => new(errorJson, "Unhandled");
}
