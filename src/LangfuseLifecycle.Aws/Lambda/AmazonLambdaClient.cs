using System.Text;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Protocols;

namespace LangfuseLifecycle.Aws.Lambda;

/// <summary>
/// Lambda over rest-json, signed with SigV4 for <c>lambda</c>. Written by hand, not generated: Invoke's request and response
/// bodies are raw payloads (a blob), and its result travels in headers, which the generator's JSON-body path does not model.
/// A synchronous invocation lasts as long as the function: give this client an AwsClientConfig whose HttpClient timeout
/// exceeds the function's timeout.
/// </summary>
public sealed class AmazonLambdaClient : IAmazonLambda
{
    private readonly AwsRequestSender sender;

    public AmazonLambdaClient(AwsClientConfig config)
    {
        sender = new AwsRequestSender(config, AwsServices.Lambda);
    }

    public async Task<Model.InvokeResponse> InvokeAsync(Model.InvokeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var httpRequest = RestJsonProtocol.Request("Invoke", HttpMethod.Post, "/2015-03-31/functions/{FunctionName}/invocations", ("FunctionName", request.FunctionName));
        RestJsonProtocol.AddQuery(httpRequest, "Qualifier", request.Qualifier);
        if (request.InvocationType is { } invocationType)
        {
            httpRequest.Headers["X-Amz-Invocation-Type"] = invocationType;
        }

        if (request.LogType is { } logType)
        {
            httpRequest.Headers["X-Amz-Log-Type"] = logType;
        }

        httpRequest.ContentType = "application/json";
        httpRequest.Body = Encoding.UTF8.GetBytes(request.Payload ?? string.Empty);

        var response = await sender.SendAsync(httpRequest, JsonErrorReader.Instance, cancellationToken).ConfigureAwait(false);
        return new Model.InvokeResponse
        {
            StatusCode = response.StatusCode,
            FunctionError = response.Header("X-Amz-Function-Error"),
            LogResult = response.Header("X-Amz-Log-Result"),
            ExecutedVersion = response.Header("X-Amz-Executed-Version"),
            Payload = new MemoryStream(response.Body, writable: false),
        };
    }
}
