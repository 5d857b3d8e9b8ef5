namespace LangfuseLifecycle.Aws.Http;

/// <summary>A protocol-built request before endpoint, signing and transport: what botocore calls the serialized request dict.</summary>
internal sealed class AwsHttpRequest
{
    public AwsHttpRequest(string operation, HttpMethod method, string path)
    {
        Operation = operation;
        Method = method;
        Path = path;
    }

    public string Operation { get; }

    public HttpMethod Method { get; }

    /// <summary>Path relative to the endpoint, already percent-encoded, starting with '/'.</summary>
    public string Path { get; }

    /// <summary>Query parameters, not yet encoded, in the order they were added.</summary>
    public List<KeyValuePair<string, string>> Query { get; } = [];

    /// <summary>Headers besides Host, X-Amz-Date, X-Amz-Security-Token and Authorization, which signing adds.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; set; } = [];

    public string? ContentType { get; set; }
}

/// <summary>A fully read HTTP response: status, headers (lower-case names) and body bytes.</summary>
internal sealed class AwsHttpResponse
{
    public AwsHttpResponse(int statusCode, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
    }

    public int StatusCode { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>The request id AWS put in a header (x-amzn-RequestId for JSON protocols, x-amz-request-id for some REST services).</summary>
    public string? HeaderRequestId => Header("x-amzn-requestid") ?? Header("x-amz-request-id");

    /// <summary>The error code AWS put in <c>x-amzn-ErrorType</c>, which looks like <c>ValidationException:http://internal.amazon.com/coral/...</c>.</summary>
    public string? HeaderErrorCode => AwsErrorDetails.SanitizeCode(Header("x-amzn-errortype"));

    /// <summary>The first characters of the body, for error messages.</summary>
    public string BodyExcerpt(int maxChars = 200)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, maxChars * 4));
        return text.Length <= maxChars ? text : text[..maxChars] + "…";
    }
}
