namespace LangfuseLifecycle.Aws.Exceptions;

/// <summary>
/// An error response from an AWS API: the service answered, and said no.
/// The class name is the Lambda error type, so Step Functions can match <c>AwsServiceException</c>.
/// </summary>
public sealed class AwsServiceException : Exception
{
    // Codes botocore's standard retry mode treats as throttling. LimitExceededException is left out on purpose:
    // ECS and Application Auto Scaling use it for quota limits (too many tags, too many targets), which waiting does not fix.
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "ThrottlingFault",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "InternalServerException", "InternalServiceException", "ServiceUnavailable", "ServiceUnavailableException",
        "ServerException", "InternalFailureException",
    };

    private static readonly HashSet<string> ValidationCodes = new(StringComparer.Ordinal)
    {
        "ValidationException", "ValidationError", "InvalidParameterException", "InvalidParameterValue",
        "InvalidParameterValueException", "InvalidParameterCombination", "MissingParameter", "InvalidInput",
        "InvalidRequestException", "BadRequest", "BadRequestException", "SerializationException",
        "InvalidArn", "InvalidName", "InvalidToken", "InvalidExecutionInput", "InvalidNextTokenException",
        "InvalidQueryParameter", "MalformedQueryString", "InvalidAction",
    };

    public AwsServiceException(string service, string operation, string errorCode, string message, int statusCode, string? requestId)
        : base(FormatMessage(service, operation, errorCode, message, statusCode, requestId))
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        ErrorMessage = message;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The service id as in botocore's model, e.g. <c>ECS</c>.</summary>
    public string Service { get; }

    /// <summary>The API operation, e.g. <c>UpdateService</c>.</summary>
    public string Operation { get; }

    /// <summary>The AWS error code, e.g. <c>ServiceNotFoundException</c> or <c>DBClusterNotFoundFault</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The message AWS sent, without the decoration <see cref="Exception.Message"/> adds.</summary>
    public string ErrorMessage { get; }

    /// <summary>The HTTP status of the error response.</summary>
    public int StatusCode { get; }

    /// <summary>The AWS request id (from <c>x-amzn-RequestId</c>, <c>x-amz-request-id</c> or the XML body), for support cases.</summary>
    public string? RequestId { get; }

    /// <summary>AWS asked us to slow down; retrying later is the fix.</summary>
    public bool IsThrottling => StatusCode == 429 || ThrottlingCodes.Contains(ErrorCode);

    /// <summary>The named resource does not exist (ECS <c>ServiceNotFoundException</c>, RDS <c>DBClusterNotFoundFault</c>, EFS <c>FileSystemNotFound</c>, CloudFormation "does not exist", …).</summary>
    public bool IsNotFound =>
        StatusCode == 404
        || ErrorCode.Contains("NotFound", StringComparison.Ordinal)
        || (ErrorCode == "ValidationError" && ErrorMessage.Contains("does not exist", StringComparison.Ordinal));

    /// <summary>The request itself is wrong; retrying the same request cannot succeed.</summary>
    public bool IsValidation => !IsNotFound && ValidationCodes.Contains(ErrorCode);

    /// <summary>Whether a later identical attempt may succeed: throttling, 5xx and the services' transient codes.</summary>
    public bool IsRetryable => IsThrottling || StatusCode >= 500 || TransientCodes.Contains(ErrorCode);

    private static string FormatMessage(string service, string operation, string errorCode, string message, int statusCode, string? requestId) =>
        $"{service} {operation} failed with {errorCode} (HTTP {statusCode}{(requestId is null ? "" : $", request id {requestId}")}): {message}";
}
