using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// An in-process Lambda Runtime API on a free loopback port: queues events for <c>/next</c> and records what the
/// runtime posts back. <see cref="Address"/> is the value for <c>AWS_LAMBDA_RUNTIME_API</c>.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01";

    private readonly HttpListener listener;
    private readonly Channel<QueuedInvocation> invocations = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PostedResult>> results = new();
    private readonly TaskCompletionSource<PostedResult> initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DateTimeOffset> firstNextReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private int nextRequestCount;

    public FakeRuntimeApi()
    {
        (listener, Port) = StartOnFreePort();
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary><c>host:port</c>, as Lambda sets <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public int NextRequestCount => Volatile.Read(ref nextRequestCount);

    /// <summary>Completes when the first <c>GET /next</c> arrives (the runtime finished init).</summary>
    public Task<DateTimeOffset> FirstNextReceived => firstNextReceived.Task;

    /// <summary>Completes when the runtime posts <c>/runtime/init/error</c>.</summary>
    public Task<PostedResult> InitError => initError.Task;

    /// <summary>Status code the fake answers to <c>/response</c> posts (202 like Lambda; 413 to simulate an oversized response).</summary>
    public HttpStatusCode ResponseStatus { get; set; } = HttpStatusCode.Accepted;

    /// <summary>Status code the fake answers to <c>GET /next</c> with instead of an event, when set.</summary>
    public HttpStatusCode? NextFailureStatus { get; set; }

    /// <summary>Queues an event; a waiting or later <c>/next</c> receives it.</summary>
    public Task<PostedResult> Enqueue(
        string requestId,
        string payloadJson,
        DateTimeOffset deadline,
        string? traceId = null,
        string invokedFunctionArn = "arn:aws:lambda:eu-central-1:123456789012:function:langfuse-lifecycle-test",
        TimeSpan? holdBeforeAnswering = null)
    {
        var completion = new TaskCompletionSource<PostedResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        results[requestId] = completion;
        invocations.Writer.TryWrite(new QueuedInvocation(
            requestId, Encoding.UTF8.GetBytes(payloadJson), deadline, traceId, invokedFunctionArn, holdBeforeAnswering ?? TimeSpan.Zero));
        return completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        invocations.Writer.TryComplete();
        listener.Stop();
        try
        {
            await acceptLoop.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        listener.Close();
        stopping.Dispose();
    }

    private static (HttpListener Listener, int Port) StartOnFreePort()
    {
        // A port picked by the OS can be taken by someone else before HttpListener binds it: try a few.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var candidate = new HttpListener();
            candidate.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                candidate.Start();
                return (candidate, port);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                candidate.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url!.AbsolutePath;
        try
        {
            if (request.HttpMethod == "GET" && path == $"{Prefix}/runtime/invocation/next")
            {
                await ServeNextAsync(response).ConfigureAwait(false);
                return;
            }

            if (request.HttpMethod == "POST" && path == $"{Prefix}/runtime/init/error")
            {
                initError.TrySetResult(await ReadPostAsync(request).ConfigureAwait(false));
                await AnswerAsync(response, HttpStatusCode.Accepted).ConfigureAwait(false);
                return;
            }

            const string invocationPrefix = Prefix + "/runtime/invocation/";
            if (request.HttpMethod == "POST" && path.StartsWith(invocationPrefix, StringComparison.Ordinal))
            {
                var rest = path[invocationPrefix.Length..];
                var slash = rest.LastIndexOf('/');
                var requestId = Uri.UnescapeDataString(rest[..slash]);
                var kind = rest[(slash + 1)..];
                var posted = await ReadPostAsync(request).ConfigureAwait(false);
                if (kind == "response")
                {
                    await AnswerAsync(response, ResponseStatus).ConfigureAwait(false);
                    if (ResponseStatus == HttpStatusCode.Accepted)
                    {
                        Complete(requestId, posted with { Kind = PostedResultKind.Response });
                    }

                    return;
                }

                if (kind == "error")
                {
                    await AnswerAsync(response, HttpStatusCode.Accepted).ConfigureAwait(false);
                    Complete(requestId, posted with { Kind = PostedResultKind.Error });
                    return;
                }
            }

            await AnswerAsync(response, HttpStatusCode.NotFound).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or OperationCanceledException or ChannelClosedException)
        {
            // The runtime or the fake went away mid-request: nothing left to record.
        }
    }

    private async Task ServeNextAsync(HttpListenerResponse response)
    {
        Interlocked.Increment(ref nextRequestCount);
        firstNextReceived.TrySetResult(DateTimeOffset.UtcNow);
        if (NextFailureStatus is { } failure)
        {
            await AnswerAsync(response, failure, "{\"errorMessage\":\"simulated Runtime API failure\"}").ConfigureAwait(false);
            return;
        }

        var invocation = await invocations.Reader.ReadAsync(stopping.Token).ConfigureAwait(false);
        if (invocation.HoldBeforeAnswering > TimeSpan.Zero)
        {
            await Task.Delay(invocation.HoldBeforeAnswering, stopping.Token).ConfigureAwait(false);
        }

        response.StatusCode = (int)HttpStatusCode.OK;
        response.ContentType = "application/json";
        response.Headers[RuntimeHeaders.RequestId] = invocation.RequestId;
        response.Headers[RuntimeHeaders.DeadlineMs] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers[RuntimeHeaders.InvokedFunctionArn] = invocation.InvokedFunctionArn;
        if (invocation.TraceId is not null)
        {
            response.Headers[RuntimeHeaders.TraceId] = invocation.TraceId;
        }

        response.ContentLength64 = invocation.Payload.Length;
        await response.OutputStream.WriteAsync(invocation.Payload).ConfigureAwait(false);
        response.Close();
    }

    private static async Task<PostedResult> ReadPostAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        return new PostedResult(PostedResultKind.InitError, body.ToArray(), request.Headers[RuntimeHeaders.FunctionErrorType], request.ContentType);
    }

    private static async Task AnswerAsync(HttpListenerResponse response, HttpStatusCode status, string body = "{\"status\":\"OK\"}")
    {
        response.StatusCode = (int)status;
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    private void Complete(string requestId, PostedResult result)
    {
        results.GetOrAdd(requestId, _ => new TaskCompletionSource<PostedResult>(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult(result);
    }

    private sealed record QueuedInvocation(
        string RequestId,
        byte[] Payload,
        DateTimeOffset Deadline,
        string? TraceId,
        string InvokedFunctionArn,
        TimeSpan HoldBeforeAnswering);
}

public enum PostedResultKind
{
    Response,
    Error,
    InitError,
}

/// <summary>What the runtime posted for one invocation (or for init).</summary>
public sealed record PostedResult(PostedResultKind Kind, byte[] Body, string? ErrorTypeHeader, string? ContentType)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
