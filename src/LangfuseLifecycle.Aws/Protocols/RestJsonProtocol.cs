using System.Globalization;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>
/// restJson1: the operation's HTTP method and URI template from the model; <c>location: uri</c> members fill <c>{Labels}</c>,
/// <c>location: querystring</c> members become query parameters, and the remaining members form the JSON body.
/// Request classes mark uri/querystring members <c>[JsonIgnore]</c> so the body serializer leaves them out.
/// </summary>
internal sealed class RestJsonProtocol
{
    private readonly AwsRequestSender sender;

    public RestJsonProtocol(AwsClientConfig config, AwsServiceMetadata service)
    {
        sender = new AwsRequestSender(config, service);
    }

    public AwsServiceMetadata Service => sender.Service;

    public async Task<TResponse> InvokeAsync<TResponse>(AwsHttpRequest request, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var response = await sender.SendAsync(request, JsonErrorReader.Instance, cancellationToken).ConfigureAwait(false);
        return JsonBody.Deserialize(Service, request.Operation, response, responseType);
    }

    /// <summary>Starts a request from the model's <c>requestUri</c> template; labels are percent-encoded (a greedy <c>{Label+}</c> keeps '/').</summary>
    public static AwsHttpRequest Request(string operation, HttpMethod method, string uriTemplate, params (string Label, string? Value)[] labels)
    {
        var path = new StringBuilder(uriTemplate);
        foreach (var (label, value) in labels)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"{operation}: '{label}' is required (it is part of the request path).", label);
            }

            path.Replace("{" + label + "+}", AwsSigV4Signer.UriEncode(value, keepSlash: true));
            path.Replace("{" + label + "}", AwsSigV4Signer.UriEncode(value));
        }

        var pathText = path.ToString();
        var query = new List<KeyValuePair<string, string>>();
        var questionMark = pathText.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            // Templates like "/path?tagging" carry fixed query parameters.
            foreach (var part in pathText[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                query.Add(equals < 0 ? new(part, "") : new(part[..equals], part[(equals + 1)..]));
            }

            pathText = pathText[..questionMark];
        }

        var request = new AwsHttpRequest(operation, method, pathText);
        request.Query.AddRange(query);
        return request;
    }

    public static void AddQuery(AwsHttpRequest request, string name, string? value)
    {
        if (value is not null)
        {
            request.Query.Add(new(name, value));
        }
    }

    public static void AddQuery(AwsHttpRequest request, string name, int? value)
    {
        if (value is not null)
        {
            request.Query.Add(new(name, value.Value.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public static void SetJsonBody<T>(AwsHttpRequest request, T body, JsonTypeInfo<T> bodyType)
    {
        request.ContentType = "application/json";
        request.Body = JsonBody.Serialize(body, bodyType);
    }
}
