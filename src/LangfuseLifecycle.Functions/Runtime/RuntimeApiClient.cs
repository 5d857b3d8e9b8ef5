using System.Globalization;
using System.Net.Http.Headers;
using LangfuseLifecycle.Functions.Runtime.Exceptions;

namespace LangfuseLifecycle.Functions.Runtime;

/// <summary><see cref="IRuntimeApiClient"/> over <see cref="HttpClient"/>.</summary>
public sealed class RuntimeApiClient : IRuntimeApiClient, IDisposable
{
    private const string ApiVersion = "2018-06-01";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient httpClient;

    /// <param name="runtimeApiAddress">The value of <c>AWS_LAMBDA_RUNTIME_API</c> (<c>host:port</c>).</param>
    /// <param name="handler">Message handler; tests may pass their own. Defaults to a proxy-less <see cref="SocketsHttpHandler"/>.</param>
    public RuntimeApiClient(string runtimeApiAddress, HttpMessageHandler? handler = null)
    {
        if (string.IsNullOrWhiteSpace(runtimeApiAddress))
        {
            throw new ArgumentException(
                $"{RuntimeEnvironmentVariables.RuntimeApi} is empty; Lambda sets it to host:port of the Runtime API.",
                nameof(runtimeApiAddress));
        }

        if (!Uri.TryCreate($"http://{runtimeApiAddress}/{ApiVersion}/", UriKind.Absolute, out var baseAddress))
        {
            throw new ArgumentException(
                $"{RuntimeEnvironmentVariables.RuntimeApi}='{runtimeApiAddress}' is not host:port.",
                nameof(runtimeApiAddress));
        }

        httpClient = new HttpClient(handler ?? CreateDefaultHandler(), disposeHandler: true)
        {
            BaseAddress = baseAddress,
            // The sandbox is frozen between events and /next blocks until the next one: any client timeout would fire falsely.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri BaseAddress => httpClient.BaseAddress!;

    /// <summary>Always <see cref="Timeout.InfiniteTimeSpan"/>: exposed so tests can hold the runtime to it.</summary>
    public TimeSpan RequestTimeout => httpClient.Timeout;

    public async Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await httpClient.GetAsync("runtime/invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(response, "GET /runtime/invocation/next", cancellationToken).ConfigureAwait(false);

        var requestId = SingleHeader(response, RuntimeHeaders.RequestId)
            ?? throw new RuntimeApiException("GET /runtime/invocation/next", response.StatusCode, $"response has no {RuntimeHeaders.RequestId} header");
        var deadline = ParseDeadline(SingleHeader(response, RuntimeHeaders.DeadlineMs));
        var functionArn = SingleHeader(response, RuntimeHeaders.InvokedFunctionArn) ?? string.Empty;
        var traceId = SingleHeader(response, RuntimeHeaders.TraceId);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new InvocationRequest(requestId, deadline, functionArn, traceId, payload);
    }

    public async Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(response);
        content.Headers.ContentType = JsonContentType;
        var operation = $"POST /runtime/invocation/{requestId}/response";
        using var reply = await httpClient.PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(reply, operation, cancellationToken).ConfigureAwait(false);
    }

    public Task PostErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", $"POST /runtime/invocation/{requestId}/error", error, cancellationToken);

    public Task PostInitErrorAsync(RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", "POST /runtime/init/error", error, cancellationToken);

    public void Dispose() => httpClient.Dispose();

    private async Task PostErrorAsync(string path, string operation, RuntimeError error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(error.ToJsonBytes());
        content.Headers.ContentType = JsonContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(RuntimeHeaders.FunctionErrorType, error.ErrorType);
        using var reply = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(reply, operation, cancellationToken).ConfigureAwait(false);
    }

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        // The Runtime API is a link-local endpoint: an HTTP(S)_PROXY set for the function's own calls must not capture it.
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
    };

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new RuntimeApiException(operation, response.StatusCode, body);
    }

    private static string? SingleHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static DateTimeOffset ParseDeadline(string? deadlineMs)
    {
        if (deadlineMs is not null
            && long.TryParse(deadlineMs, NumberStyles.None, CultureInfo.InvariantCulture, out var epochMs))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
        }

        throw new RuntimeApiException(
            "GET /runtime/invocation/next",
            System.Net.HttpStatusCode.OK,
            $"response has no valid {RuntimeHeaders.DeadlineMs} header (got '{deadlineMs}')");
    }
}
