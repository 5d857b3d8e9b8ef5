namespace LangfuseLifecycle.Aws.Lambda.Model;

/// <summary>botocore shape <c>InvocationResponse</c> (lambda 2015-03-31).</summary>
public sealed class InvokeResponse
{
    /// <summary>Wire location statusCode: 200 RequestResponse, 202 Event, 204 DryRun.</summary>
    public int StatusCode { get; set; }

    /// <summary>Wire header <c>X-Amz-Function-Error</c>: set when the function failed; the payload is then its error object.</summary>
    public string? FunctionError { get; set; }

    /// <summary>Wire header <c>X-Amz-Log-Result</c>: the last 4 KB of the log, base64.</summary>
    public string? LogResult { get; set; }

    /// <summary>Wire header <c>X-Amz-Executed-Version</c>.</summary>
    public string? ExecutedVersion { get; set; }

    /// <summary>The function's result or error object (the response body).</summary>
    public MemoryStream Payload { get; set; } = new();
}
