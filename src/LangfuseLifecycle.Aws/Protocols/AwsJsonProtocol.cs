using System.Text.Json.Serialization.Metadata;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>
/// awsJson1_0 and awsJson1_1: every operation is <c>POST /</c> with <c>X-Amz-Target: {targetPrefix}.{Operation}</c>,
/// <c>Content-Type: application/x-amz-json-{version}</c> and the input shape as the JSON body.
/// </summary>
internal sealed class AwsJsonProtocol
{
    private readonly AwsRequestSender sender;

    public AwsJsonProtocol(AwsClientConfig config, AwsServiceMetadata service)
    {
        if (service.TargetPrefix is null || service.JsonVersion is null)
        {
            throw new ArgumentException($"{service.ServiceId} is not an awsJson service (no targetPrefix/jsonVersion).", nameof(service));
        }

        sender = new AwsRequestSender(config, service);
    }

    public AwsServiceMetadata Service => sender.Service;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var httpRequest = BuildRequest(Service, operation, request, requestType);
        var response = await sender.SendAsync(httpRequest, JsonErrorReader.Instance, cancellationToken).ConfigureAwait(false);
        return JsonBody.Deserialize(Service, operation, response, responseType);
    }

    internal static AwsHttpRequest BuildRequest<TRequest>(AwsServiceMetadata service, string operation, TRequest request, JsonTypeInfo<TRequest> requestType)
    {
        var httpRequest = new AwsHttpRequest(operation, HttpMethod.Post, "/")
        {
            ContentType = "application/x-amz-json-" + service.JsonVersion,
            Body = JsonBody.Serialize(request, requestType),
        };
        httpRequest.Headers["X-Amz-Target"] = service.TargetPrefix + "." + operation;
        return httpRequest;
    }
}
