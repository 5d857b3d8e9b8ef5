namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>The Lambda Runtime API (<c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01</c>), one method per endpoint.</summary>
public interface IRuntimeApiClient
{
    /// <summary><c>GET /runtime/invocation/next</c>: blocks, without a client timeout, until Lambda has an event.</summary>
    Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /runtime/invocation/{requestId}/response</c>.</summary>
    Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken);

    /// <summary><c>POST /runtime/invocation/{requestId}/error</c> with the error type header and JSON body.</summary>
    Task PostErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken);

    /// <summary><c>POST /runtime/init/error</c>: start-up failed; the runtime exits after this.</summary>
    Task PostInitErrorAsync(RuntimeError error, CancellationToken cancellationToken);
}
