using System.Security;
using System.Text;

namespace LangfuseLifecycle.Testing.Faults;

/// <summary>An AWS error response as the request's protocol shapes it (botocore's error parsers are the reference).</summary>
public sealed record AwsErrorResponse(int StatusCode, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public static AwsErrorResponse For(AwsRequestInfo request, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Kind == FaultKind.HtmlPage)
        {
            // No request id, no error code: the page comes from whatever stands in front of the endpoint, not from AWS.
            return new AwsErrorResponse(
                fault.StatusCode,
                "text/html",
                $"<html><head><title>{fault.StatusCode} Error</title></head><body><center><h1>{fault.StatusCode} Error (injected)</h1></center><hr><center>awselb/2.0</center></body></html>",
                new Dictionary<string, string>());
        }

        var requestId = Guid.NewGuid().ToString();
        var (status, code, message) = (fault.Kind, request.Protocol) switch
        {
            // EC2 answers throttling with 503 RequestLimitExceeded, whatever the fault's nominal status.
            (FaultKind.Throttling or FaultKind.TooManyRequests, AwsProtocol.Ec2) => (503, "RequestLimitExceeded", "Request limit exceeded."),
            (FaultKind.Throttling, AwsProtocol.Query) => (400, "Throttling", "Rate exceeded"),
            (FaultKind.TooManyRequests, AwsProtocol.Query) => (429, "Throttling", "Rate exceeded"),
            (FaultKind.Throttling, _) => (400, "ThrottlingException", "Rate exceeded"),
            (FaultKind.TooManyRequests, _) => (429, "ThrottlingException", "Rate exceeded"),
            (FaultKind.InternalError, AwsProtocol.Ec2) => (500, "InternalError", "An internal error has occurred (injected)."),
            (FaultKind.InternalError, _) => (500, "InternalFailure", "The request processing has failed because of an unknown error (injected)."),
            (FaultKind.ServiceUnavailable, AwsProtocol.Ec2) => (503, "Unavailable", "The server is overloaded (injected)."),
            (FaultKind.ServiceUnavailable, _) => (503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server (injected)."),
            (FaultKind.Custom, _) => (fault.StatusCode, fault.ErrorCode, $"{fault.ErrorCode} (injected)."),
            _ => throw new ArgumentException($"{fault} is not an error response.", nameof(fault)),
        };

        return request.Protocol switch
        {
            AwsProtocol.AwsJson => new AwsErrorResponse(
                status,
                "application/x-amz-json-1.1",
                $"{{\"__type\":\"{code}\",\"message\":\"{message}\"}}",
                new Dictionary<string, string> { ["x-amzn-RequestId"] = requestId }),
            AwsProtocol.RestJson => new AwsErrorResponse(
                status,
                "application/json",
                $"{{\"message\":\"{message}\"}}",
                new Dictionary<string, string> { ["x-amzn-RequestId"] = requestId, ["x-amzn-ErrorType"] = code }),
            AwsProtocol.Query => new AwsErrorResponse(
                status,
                "text/xml",
                new StringBuilder()
                    .Append("<ErrorResponse><Error><Type>").Append(status >= 500 ? "Receiver" : "Sender").Append("</Type>")
                    .Append("<Code>").Append(SecurityElement.Escape(code)).Append("</Code>")
                    .Append("<Message>").Append(SecurityElement.Escape(message)).Append("</Message></Error>")
                    .Append("<RequestId>").Append(requestId).Append("</RequestId></ErrorResponse>").ToString(),
                new Dictionary<string, string> { ["x-amzn-RequestId"] = requestId }),
            AwsProtocol.Ec2 => new AwsErrorResponse(
                status,
                "text/xml;charset=UTF-8",
                new StringBuilder()
                    .Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>")
                    .Append("<Code>").Append(SecurityElement.Escape(code)).Append("</Code>")
                    .Append("<Message>").Append(SecurityElement.Escape(message)).Append("</Message></Error></Errors>")
                    .Append("<RequestID>").Append(requestId).Append("</RequestID></Response>").ToString(),
                new Dictionary<string, string>()),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }
}
