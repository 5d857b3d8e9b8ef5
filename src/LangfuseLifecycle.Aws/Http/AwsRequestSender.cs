using LangfuseLifecycle.Aws.Exceptions;

namespace LangfuseLifecycle.Aws.Http;

/// <summary>What a protocol read out of an error response. <see cref="Code"/> is null when the body is not in the protocol's format.</summary>
internal readonly record struct AwsErrorDetails(string? Code, string? Message, string? RequestId)
{
    /// <summary>botocore's rule for an error code: drop a namespace before '#' (<c>com.amazonaws.ecs#ClusterNotFoundException</c>) and anything after ':'.</summary>
    public static string? SanitizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        return code.Trim();
    }
}

/// <summary>A protocol's way of reading its error responses.</summary>
internal interface IAwsErrorReader
{
    /// <summary>"JSON" or "XML": named in the message when an error body is in neither.</summary>
    string FormatName { get; }

    AwsErrorDetails Read(AwsHttpResponse response);
}

/// <summary>
/// Sends protocol-built requests to one service: resolves the endpoint, signs each attempt afresh, reads the whole response,
/// turns error responses into <see cref="AwsServiceException"/> and retries only what may succeed later.
/// </summary>
internal sealed class AwsRequestSender
{
    private readonly AwsClientConfig config;

    public AwsRequestSender(AwsClientConfig config, AwsServiceMetadata service)
    {
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        Service = service;
        Endpoint = config.ResolveEndpoint(service);
    }

    public AwsServiceMetadata Service { get; }

    public Uri Endpoint { get; }

    public async Task<AwsHttpResponse> SendAsync(
        AwsHttpRequest request,
        IAwsErrorReader errorReader,
        CancellationToken cancellationToken)
    {
        var policy = config.RetryPolicy;
        var maxAttempts = Math.Max(1, policy.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccess)
                {
                    return response;
                }

                var serviceError = ToServiceException(request.Operation, response, errorReader);
                if (!serviceError.IsRetryable || attempt >= maxAttempts)
                {
                    throw serviceError;
                }

            }
            catch (TruncatedResponseException truncated) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= maxAttempts)
                {
                    // A body cut off mid-transfer is a connection failure, transient like a reset, whatever its status.
                    throw new AwsConnectionException(Service.ServiceId, request.Operation, Endpoint, attempt,
                        new IOException($"HTTP {truncated.StatusCode} response cut off before its declared length (connection closed mid-response)", truncated.InnerException));
                }

            }
            catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
            {
                if (attempt >= maxAttempts)
                {
                    throw new AwsConnectionException(Service.ServiceId, request.Operation, Endpoint, attempt, exception);
                }

            }

            await Task.Delay(policy.DelayBefore(attempt + 1), config.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    internal Uri BuildUri(AwsHttpRequest request)
    {
        var relativePath = request.Path.TrimStart('/');
        var builder = new UriBuilder(new Uri(Endpoint, relativePath));
        if (request.Query.Count > 0)
        {
            builder.Query = AwsSigV4Signer.EncodeQuery(request.Query);
        }

        return builder.Uri;
    }

    private async Task<AwsHttpResponse> SendOnceAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        var uri = BuildUri(request);
        var credentials = await config.Credentials.GetCredentialsAsync().ConfigureAwait(false);
        using var message = new HttpRequestMessage(request.Method, uri);
        if (request.Body.Length > 0 || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        var signature = AwsSigV4Signer.Sign(request, uri, credentials, config.ResolveSigningRegion(Service), Service.SigningName, config.TimeProvider.GetUtcNow());
        foreach (var (name, value) in signature)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await config.HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var statusCode = (int)response.StatusCode;
        byte[] body;
        try
        {
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        // The body read fails with HttpIOException/IOException, or HttpRequestException wrapping them, when the connection drops mid-body.
        catch (Exception exception) when (exception is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new TruncatedResponseException(statusCode, exception);
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(',', header.Value);
        }

        return new AwsHttpResponse(statusCode, headers, body);
    }

    private AwsServiceException ToServiceException(string operation, AwsHttpResponse response, IAwsErrorReader errorReader)
    {
        var details = response.Body.Length == 0 ? default : errorReader.Read(response);
        var requestId = details.RequestId ?? response.HeaderRequestId;
        var code = details.Code ?? response.HeaderErrorCode;
        var message = details.Message;
        if (code is null)
        {
            // Whether a later attempt may succeed depends on the status, never on whether the body parses: a load balancer or
            // proxy in front of the endpoint answers 502/503/504 with an HTML page, and that outage passes like any other.
            var transient = response.StatusCode is 429 or >= 500;
            if (response.Body.Length > 0 && !transient)
            {
                throw new AwsResponseFormatException(Service.ServiceId, operation, response.StatusCode,
                    $"an error body that is not the {errorReader.FormatName} error format (content-type '{response.Header("content-type") ?? "none"}')",
                    response.BodyExcerpt());
            }

            code = response.StatusCode switch
            {
                404 => "NotFound",
                429 => "TooManyRequestsException",
                >= 500 => "ServiceUnavailable",
                _ => $"Http{response.StatusCode}",
            };
            if (response.Body.Length > 0)
            {
                message = $"not an AWS {errorReader.FormatName} error (content-type '{response.Header("content-type") ?? "none"}'), likely from a proxy or load balancer; body starts: {response.BodyExcerpt(120)}";
            }
        }

        return new AwsServiceException(Service.ServiceId, operation, code, message ?? "(no message)", response.StatusCode, requestId);
    }

    private static bool IsConnectionFailure(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is HttpRequestException
            or IOException
            // HttpClient.Timeout surfaces as TaskCanceledException while the caller's token is still live.
            or TaskCanceledException;

    private sealed class TruncatedResponseException(int statusCode, Exception inner) : Exception("response body truncated", inner)
    {
        public int StatusCode { get; } = statusCode;
    }
}
