using System.Xml;
using System.Xml.Linq;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>
/// awsQuery (RDS, CloudFormation) and its ec2 flavour: <c>POST /</c> with a form body <c>Action=…&amp;Version=…&amp;members</c>,
/// XML responses (<c>&lt;{Op}Response&gt;&lt;{Op}Result&gt;</c> for awsQuery, members directly under <c>&lt;{Op}Response&gt;</c> for ec2),
/// and XML errors (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>, ec2: <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code&gt;</c>).
/// Parsed with System.Xml.Linq only: no serializer, nothing for the trimmer to lose.
/// </summary>
internal sealed class AwsQueryProtocol
{
    private readonly AwsRequestSender sender;

    public AwsQueryProtocol(AwsClientConfig config, AwsServiceMetadata service)
    {
        sender = new AwsRequestSender(config, service);
    }

    public AwsServiceMetadata Service => sender.Service;

    public async Task<TResponse> InvokeAsync<TResponse>(
        string operation,
        QueryWriter parameters,
        string? resultWrapper,
        Func<XElement, TResponse> readResult,
        CancellationToken cancellationToken)
    {
        var request = BuildRequest(Service, operation, parameters);
        var response = await sender.SendAsync(request, XmlErrorReader.Instance, cancellationToken).ConfigureAwait(false);
        var root = ParseXml(Service, operation, response);
        var result = root;
        if (resultWrapper is not null)
        {
            // An operation with an empty result may omit the wrapper; read it as an empty result rather than failing.
            result = root.Child(resultWrapper) ?? new XElement(resultWrapper);
        }

        try
        {
            return readResult(result);
        }
        catch (FormatException exception)
        {
            throw new AwsResponseFormatException(Service.ServiceId, operation, response.StatusCode,
                $"an XML value that is not in the model's format ({exception.Message})", response.BodyExcerpt(), exception);
        }
        catch (OverflowException exception)
        {
            throw new AwsResponseFormatException(Service.ServiceId, operation, response.StatusCode,
                $"an XML number out of range ({exception.Message})", response.BodyExcerpt(), exception);
        }
    }

    internal static AwsHttpRequest BuildRequest(AwsServiceMetadata service, string operation, QueryWriter parameters) =>
        new(operation, HttpMethod.Post, "/")
        {
            ContentType = "application/x-www-form-urlencoded; charset=utf-8",
            Body = parameters.ToFormBody(operation, service.ApiVersion),
        };

    internal static XElement ParseXml(AwsServiceMetadata service, string operation, AwsHttpResponse response)
    {
        try
        {
            return XmlRead.LoadRoot(response.Body)
                ?? throw new AwsResponseFormatException(service.ServiceId, operation, response.StatusCode, "an XML document without a root element", response.BodyExcerpt());
        }
        catch (XmlException exception)
        {
            throw new AwsResponseFormatException(service.ServiceId, operation, response.StatusCode,
                $"a body that is not valid XML ({exception.Message})", response.BodyExcerpt(), exception);
        }
    }
}

/// <summary>awsQuery <c>&lt;ErrorResponse&gt;</c> and ec2 <c>&lt;Response&gt;&lt;Errors&gt;</c> error bodies.</summary>
internal sealed class XmlErrorReader : IAwsErrorReader
{
    public static XmlErrorReader Instance { get; } = new();

    public string FormatName => "XML";

    public AwsErrorDetails Read(AwsHttpResponse response)
    {
        XElement? root;
        try
        {
            root = XmlRead.LoadRoot(response.Body);
        }
        catch (XmlException)
        {
            return default;
        }

        if (root is null)
        {
            return default;
        }

        // awsQuery: <ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>; ec2: <Response><Errors><Error>…</Error></Errors><RequestID/></Response>;
        // some front ends answer <ErrorResponse><Errors><Error>…; S3-style bodies are a bare <Error>.
        var error = root.Child("Error") ?? root.Child("Errors")?.Child("Error") ?? (root.Name.LocalName == "Error" ? root : null);
        var code = error is null ? null : XmlRead.String(error.Child("Code"));
        if (string.IsNullOrWhiteSpace(code))
        {
            return default;
        }

        var requestId = XmlRead.String(root.Child("RequestId") ?? root.Child("RequestID") ?? error!.Child("RequestId"));
        return new AwsErrorDetails(code.Trim(), XmlRead.String(error!.Child("Message")), requestId);
    }
}
