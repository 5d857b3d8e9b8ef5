namespace LangfuseLifecycle.Aws.Exceptions;

/// <summary>
/// AWS (or something between us and AWS) answered with a body this layer cannot read: a success body that is malformed or not
/// in the model's format, or a 4xx error body that is neither JSON nor XML. Never retried: the same bytes would come back.
/// A 429/5xx whose body does not parse is not this: it is retried and ends as a retryable <see cref="AwsServiceException"/>;
/// a body cut off mid-transfer is retried and ends as <see cref="AwsConnectionException"/>.
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
