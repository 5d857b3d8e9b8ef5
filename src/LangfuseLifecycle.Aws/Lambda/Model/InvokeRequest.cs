namespace LangfuseLifecycle.Aws.Lambda.Model;

/// <summary>botocore shape <c>InvocationRequest</c> (lambda 2015-03-31); the payload is the raw event, as in the official SDK.</summary>
public sealed class InvokeRequest
{
    /// <summary>Wire location uri <c>FunctionName</c>: name, ARN or partial ARN, optionally with a qualifier. Required.</summary>
    public string? FunctionName { get; set; }

    /// <summary>Wire header <c>X-Amz-Invocation-Type</c>: RequestResponse (default), Event or DryRun.</summary>
    public string? InvocationType { get; set; }

    /// <summary>Wire header <c>X-Amz-Log-Type</c>: None or Tail (RequestResponse only).</summary>
    public string? LogType { get; set; }

    /// <summary>Wire querystring <c>Qualifier</c>: version or alias.</summary>
    public string? Qualifier { get; set; }

    /// <summary>The event, JSON text (the request body).</summary>
    public string? Payload { get; set; }
}
