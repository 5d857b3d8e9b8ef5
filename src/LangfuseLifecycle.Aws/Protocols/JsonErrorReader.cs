using System.Text.Json;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>
/// Error bodies of awsJson1_0, awsJson1_1 and restJson1: code from the <c>x-amzn-ErrorType</c> header, else the body's
/// <c>__type</c> (<c>com.amazonaws.ecs#ClusterNotFoundException</c>), <c>code</c> or EFS's <c>ErrorCode</c>; message from <c>message</c> or <c>Message</c>.
/// </summary>
internal sealed class JsonErrorReader : IAwsErrorReader
{
    public static JsonErrorReader Instance { get; } = new();

    public string FormatName => "JSON";

    public AwsErrorDetails Read(AwsHttpResponse response)
    {
        // Some front ends (and emulators) answer a JSON service's authentication failures in the XML error format.
        if (response.Body.Length > 0 && response.Body[0] == (byte)'<')
        {
            return XmlErrorReader.Instance.Read(response);
        }

        var headerCode = response.HeaderErrorCode;
        string? bodyCode = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new AwsErrorDetails(headerCode, null, null);
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                switch (property.Name)
                {
                    case "__type":
                    case "code":
                    case "Code":
                    case "ErrorCode": // EFS puts its code here (and in x-amzn-ErrorType)
                        bodyCode ??= property.Value.GetString();
                        break;
                    case "message":
                    case "Message":
                    case "errorMessage":
                        message ??= property.Value.GetString();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return new AwsErrorDetails(headerCode, null, null);
        }

        return new AwsErrorDetails(headerCode ?? AwsErrorDetails.SanitizeCode(bodyCode), message, null);
    }
}
