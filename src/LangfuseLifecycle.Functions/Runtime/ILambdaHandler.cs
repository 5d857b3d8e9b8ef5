namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>
/// One function's logic. The bootstrap gives it the raw event and a token that is cancelled shortly before the
/// invocation deadline; the returned bytes are the function's JSON result. Any exception becomes a Lambda error whose
/// type is the exception's class name (what Step Functions <c>Retry</c>/<c>Catch</c> match).
/// </summary>
public interface ILambdaHandler
{
    Task<byte[]> HandleAsync(ReadOnlyMemory<byte> payload, InvocationContext context, CancellationToken cancellationToken);
}
