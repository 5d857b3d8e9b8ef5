using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace LangfuseLifecycle.Emulation.Moto;

/// <summary>
/// Unsigned requests that seed moto with what the product itself never creates (VPCs, clusters, stacks, state machines…),
/// for the CLI's demo and the tests. moto routes by the credential scope and does not check signatures, so the
/// Authorization header only names the service. Everything the demo shows and the tests assert runs through the
/// product's own clients.
/// </summary>
public sealed class MotoSeedRequests(Uri endpoint)
{
    private const string Region = MotoServer.Region;

    // No per-request timeout of its own: one moto request took over 30 s on a fresh-clone CI run under a load average
    // of 43, and a fixed budget here fired before the caller's. The caller's token is the budget (the demo's named part
    // budgets, the tests' TestTimeouts); without one, the test run's hang timeout names the test.
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public Task<XDocument> Ec2Async(string action, CancellationToken cancellationToken, params (string Name, string Value)[] parameters) =>
        QueryAsync("ec2", "2016-11-15", action, cancellationToken, parameters);

    /// <summary>awsQuery (EC2, RDS, CloudFormation): form-encoded Action and parameters, XML answer.</summary>
    public async Task<XDocument> QueryAsync(string signingName, string version, string action, CancellationToken cancellationToken, params (string Name, string Value)[] parameters)
    {
        var form = new StringBuilder($"Action={action}&Version={version}");
        foreach (var (name, value) in parameters)
        {
            form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(form.ToString(), Encoding.UTF8, "application/x-www-form-urlencoded") };
        return XDocument.Parse(await SendAsync(request, signingName, cancellationToken).ConfigureAwait(false));
    }

    public Task<JsonNode> EcsAsync(string operation, JsonNode body, CancellationToken cancellationToken) =>
        JsonAsync("ecs", $"AmazonEC2ContainerServiceV20141113.{operation}", body, "1.1", cancellationToken);

    /// <summary>awsJson (ECS, Step Functions, Application Auto Scaling): X-Amz-Target and a JSON body.</summary>
    public Task<JsonNode> JsonAsync(string signingName, string target, JsonNode body, string version, CancellationToken cancellationToken = default) =>
        JsonAsync(signingName, target, body.ToJsonString(), version, cancellationToken);

    /// <inheritdoc cref="JsonAsync(string, string, JsonNode, string, CancellationToken)"/>
    public async Task<JsonNode> JsonAsync(string signingName, string target, string bodyJson, string version, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(bodyJson, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{version}");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return ParseJson(await SendAsync(request, signingName, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>restJson (EFS, EventBridge Scheduler): the operation is the method and path.</summary>
    public Task<JsonNode> RestJsonAsync(HttpMethod method, string signingName, string path, JsonNode? body, CancellationToken cancellationToken = default) =>
        RestJsonAsync(method, signingName, path, body?.ToJsonString(), cancellationToken);

    /// <inheritdoc cref="RestJsonAsync(HttpMethod, string, string, JsonNode?, CancellationToken)"/>
    public async Task<JsonNode> RestJsonAsync(HttpMethod method, string signingName, string path, string? bodyJson, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint, path.TrimStart('/')));
        if (bodyJson is not null)
        {
            request.Content = new StringContent(bodyJson, Encoding.UTF8, "application/json");
        }

        return ParseJson(await SendAsync(request, signingName, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Lets moto's Step Functions run definitions (Pass, Choice, Wait, Fail) instead of returning canned histories.</summary>
    public async Task EnableStateMachineExecutionAsync(CancellationToken cancellationToken = default)
    {
        using var content = new StringContent("{\"stepfunctions\":{\"execute_state_machine\":true}}", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(endpoint, "moto-api/config"), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Forgets every resource in every moto backend (<c>POST /moto-api/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsync(new Uri(endpoint, "moto-api/reset"), null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static JsonNode ParseJson(string text) => string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();

    private static async Task<string> SendAsync(HttpRequestMessage request, string signingName, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=testing/{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{Region}/{signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto {signingName} {request.Method} {request.RequestUri}: HTTP {(int)response.StatusCode}: {text}");
        }

        return text;
    }
}

/// <summary>Reads an element out of an awsQuery answer.</summary>
public static class MotoQueryAnswer
{
    /// <summary>The text of the first element named <paramref name="localName"/> (namespaces ignored), e.g. "vpcId".</summary>
    public static string Find(this XDocument document, string localName) =>
        document.Descendants().First(element => element.Name.LocalName == localName).Value;
}
