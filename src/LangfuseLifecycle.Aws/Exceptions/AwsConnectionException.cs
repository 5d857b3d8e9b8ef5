namespace LangfuseLifecycle.Aws.Exceptions;

/// <summary>
/// No answer from AWS after every allowed attempt: connection refused or reset, DNS failure, a response cut off mid-body, or the HTTP client's own timeout.
/// Step Functions may retry on this name; the AWS layer already retried with backoff.
/// </summary>
public sealed class AwsConnectionException : Exception
{
    public AwsConnectionException(string service, string operation, Uri endpoint, int attempts, Exception innerException)
        : base($"{service} {operation} could not reach {endpoint.GetLeftPart(UriPartial.Authority)} after {attempts} attempt(s): {innerException.Message}", innerException)
    {
        Service = service;
        Operation = operation;
        Attempts = attempts;
    }

    public string Service { get; }

    public string Operation { get; }

    public int Attempts { get; }
}
