using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>Unsigned requests that seed moto for the demo (moto routes by the credential scope and does not check
/// signatures). Only seeding goes through here; everything the demo shows runs through the product's own clients.</summary>
internal sealed class MotoSeedRequests(Uri endpoint) : IDisposable
{
    private const string Region = MotoLangfuseEnvironment.Region;

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task<XDocument> Ec2Async(string action, CancellationToken cancellationToken, params (string Name, string Value)[] parameters) =>
        QueryAsync("ec2", "2016-11-15", action, cancellationToken, parameters);

    /// <summary>awsQuery (EC2, RDS): form-encoded Action and parameters, XML answer.</summary>
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

    public async Task EcsAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
        (await JsonAsync("ecs", $"AmazonEC2ContainerServiceV20141113.{operation}", body, "1.1", cancellationToken).ConfigureAwait(false)).Dispose();

    public async Task<JsonDocument> JsonAsync(string signingName, string target, JsonObject body, string version, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{version}");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return JsonDocument.Parse(await SendAsync(request, signingName, cancellationToken).ConfigureAwait(false));
    }

    public async Task<JsonDocument> RestJsonAsync(HttpMethod method, string signingName, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint, path.TrimStart('/')))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return JsonDocument.Parse(await SendAsync(request, signingName, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Forgets every resource in every moto backend (<c>POST /moto-api/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(endpoint, "moto-api/reset"), null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();

    private async Task<string> SendAsync(HttpRequestMessage request, string signingName, CancellationToken cancellationToken)
    {
        var date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=testing/{date}/{Region}/{signingName}/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto {signingName} {request.Method} {request.RequestUri}: HTTP {(int)response.StatusCode}: {text}");
        }

        return text;
    }
}

internal static class XmlFind
{
    public static string Find(this XDocument document, string localName) =>
        document.Descendants().First(element => element.Name.LocalName == localName).Value;
}
