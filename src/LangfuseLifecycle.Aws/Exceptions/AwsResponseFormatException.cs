namespace LangfuseLifecycle.Aws.Exceptions;

/// <summary>
/// AWS (or something between us and AWS) answered with a body this layer cannot read: an error body that is neither JSON nor XML,
/// malformed or truncated JSON/XML, or a body cut off mid-transfer. Never retried: the same bytes would come back.
/// </summary>
public sealed class AwsResponseFormatException : Exception
{
    public AwsResponseFormatException(string service, string operation, int statusCode, string problem, string? bodyExcerpt, Exception? innerException = null)
        : base($"{service} {operation} returned HTTP {statusCode} with {problem}{(string.IsNullOrEmpty(bodyExcerpt) ? "" : $"; body starts: {bodyExcerpt}")}", innerException)
    {
        Service = service;
        Operation = operation;
        StatusCode = statusCode;
    }

    public string Service { get; }

    public string Operation { get; }

    public int StatusCode { get; }
}
