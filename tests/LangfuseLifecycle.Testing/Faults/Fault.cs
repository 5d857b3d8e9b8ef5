namespace LangfuseLifecycle.Testing.Faults;

public enum FaultKind
{
    /// <summary>HTTP 400 with the protocol's throttling error (awsJson <c>__type: ThrottlingException</c>, awsQuery
    /// <c>Throttling</c>, EC2 <c>RequestLimitExceeded</c> with HTTP 503 as EC2 really answers).</summary>
    Throttling,

    /// <summary>HTTP 429 with the protocol's throttling error.</summary>
    TooManyRequests,

    /// <summary>HTTP 500 <c>InternalFailure</c>.</summary>
    InternalError,

    /// <summary>HTTP 503 <c>ServiceUnavailable</c>.</summary>
    ServiceUnavailable,

    /// <summary>The connection is dropped without a response.</summary>
    ConnectionReset,

    /// <summary>The request is delayed, then forwarded unchanged.</summary>
    Latency,

    /// <summary>An error with a status and code of the test's choosing.</summary>
    Custom,

    /// <summary>An HTML page with the test's status and no AWS error code: what a load balancer or proxy in front of an endpoint sends.</summary>
    HtmlPage,
}

/// <summary>What the proxy does to a request a rule selects.</summary>
public sealed record Fault
{
    private Fault(FaultKind kind)
    {
        Kind = kind;
    }

    public FaultKind Kind { get; }

    /// <summary>For <see cref="FaultKind.Latency"/>.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>For <see cref="FaultKind.Custom"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>For <see cref="FaultKind.Custom"/>.</summary>
    public string ErrorCode { get; private init; } = string.Empty;

    public static Fault Throttling() => new(FaultKind.Throttling);

    public static Fault TooManyRequests() => new(FaultKind.TooManyRequests);

    public static Fault InternalError() => new(FaultKind.InternalError);

    public static Fault ServiceUnavailable() => new(FaultKind.ServiceUnavailable);

    public static Fault ConnectionReset() => new(FaultKind.ConnectionReset);

    public static Fault Latency(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new Fault(FaultKind.Latency) { Delay = delay };
    }

    public static Fault Error(int statusCode, string errorCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        return new Fault(FaultKind.Custom) { StatusCode = statusCode, ErrorCode = errorCode };
    }

    /// <summary>An HTML error page (e.g. 502 Bad Gateway) in place of AWS's JSON/XML error.</summary>
    public static Fault HtmlPage(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        return new Fault(FaultKind.HtmlPage) { StatusCode = statusCode };
    }

    public override string ToString() => Kind switch
    {
        FaultKind.Latency => $"Latency({Delay.TotalMilliseconds:0} ms)",
        FaultKind.Custom => $"Error({StatusCode} {ErrorCode})",
        FaultKind.HtmlPage => $"HtmlPage({StatusCode})",
        _ => Kind.ToString(),
    };
}
