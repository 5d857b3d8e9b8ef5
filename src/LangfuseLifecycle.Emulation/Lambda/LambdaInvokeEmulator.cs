using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.Lambda;

/// <summary>
/// The Lambda Invoke API (restJson, <c>POST /2015-03-31/functions/{FunctionName}/invocations</c>) on a loopback port,
/// answered by a delegate that runs the function in process. Wire behaviour follows the real service: 200 with the
/// response payload and <c>X-Amz-Executed-Version</c>; a function error is still 200, with
/// <c>X-Amz-Function-Error: Unhandled</c> and the runtime's error JSON as the body; <c>Event</c> invocations answer 202
/// (the function still runs before the answer, which keeps the emulator deterministic); an unknown function is 404
/// <c>ResourceNotFoundException</c>.
/// </summary>
public sealed class LambdaInvokeEmulator : IAsyncDisposable
{
    private const string InvocationsPrefix = "/2015-03-31/functions/";
    private const string InvocationsSuffix = "/invocations";

    private readonly Func<LambdaInvocation, CancellationToken, Task<LambdaInvocationResult?>> _invoke;
    private readonly LoopbackHttpServer _server;
    private readonly Lock _gate = new();
    private readonly List<LambdaInvocation> _invocations = [];
    private readonly CancellationTokenSource _stopping = new();

    private LambdaInvokeEmulator(Func<LambdaInvocation, CancellationToken, Task<LambdaInvocationResult?>> invoke)
    {
        _invoke = invoke;
        _server = LoopbackHttpServer.Start(HandleAsync);
    }

    /// <param name="invoke">Runs the function; returns <c>null</c> when no such function exists.</param>
    public static LambdaInvokeEmulator Start(Func<LambdaInvocation, CancellationToken, Task<LambdaInvocationResult?>> invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return new LambdaInvokeEmulator(invoke);
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/</summary>
    public Uri Endpoint => _server.BaseUri;

    /// <summary><c>AWS_ENDPOINT_URL_LAMBDA</c> for a client that should call this emulator.</summary>
    public IReadOnlyDictionary<string, string> CreateClientEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL_LAMBDA"] = Endpoint.GetLeftPart(UriPartial.Authority),
    };

    /// <summary>Every invocation received, in order.</summary>
    public IReadOnlyList<LambdaInvocation> Invocations
    {
        get
        {
            lock (_gate)
            {
                return [.. _invocations];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task<LoopbackResponse> HandleAsync(LoopbackRequest request)
    {
        var path = Uri.UnescapeDataString(request.Path);
        if (request.Method != "POST" || !path.StartsWith(InvocationsPrefix, StringComparison.Ordinal) || !path.EndsWith(InvocationsSuffix, StringComparison.Ordinal)
            || path.Length <= InvocationsPrefix.Length + InvocationsSuffix.Length)
        {
            return Error(404, "UnknownOperationException", $"This emulator serves Invoke (POST {InvocationsPrefix}{{FunctionName}}{InvocationsSuffix}) only, not {request.Method} {request.Path}.");
        }

        var functionName = path[InvocationsPrefix.Length..^InvocationsSuffix.Length];
        var invocationType = request.Headers["X-Amz-Invocation-Type"] ?? "RequestResponse";
        if (invocationType is not ("RequestResponse" or "Event" or "DryRun"))
        {
            return Error(400, "InvalidParameterValueException", $"X-Amz-Invocation-Type '{invocationType}' is not RequestResponse, Event or DryRun.");
        }

        var invocation = new LambdaInvocation(functionName, invocationType, request.Body, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _invocations.Add(invocation);
        }

        var result = await _invoke(invocation, _stopping.Token).ConfigureAwait(false);
        if (result is null)
        {
            return Error(404, "ResourceNotFoundException", $"Function not found: {functionName}");
        }

        if (invocationType != "RequestResponse")
        {
            return new LoopbackResponse(invocationType == "Event" ? 202 : 204, [], []);
        }

        List<KeyValuePair<string, string>> headers = [new("Content-Type", "application/json"), new("X-Amz-Executed-Version", "$LATEST")];
        if (result.FunctionError is { } functionError)
        {
            headers.Add(new("X-Amz-Function-Error", functionError));
        }

        return new LoopbackResponse(200, headers, result.Payload);
    }

    private static LoopbackResponse Error(int statusCode, string code, string message) =>
        LoopbackResponse.Json(
            statusCode,
            new JsonObject { ["Type"] = "User", ["message"] = message }.ToJsonString(),
            headers: [new("x-amzn-ErrorType", code), new("x-amzn-RequestId", Guid.NewGuid().ToString())]);
}
