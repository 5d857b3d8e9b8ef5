using System.Text;

namespace LangfuseLifecycle.Emulation.Tests.TestHelpers;

/// <summary>
/// Hand-built AWS requests for testing the test infrastructure without the AWS layer. moto does not verify signatures,
/// but it routes by the credential scope, so the Authorization header names the service.
/// </summary>
internal static class RawAwsRequests
{
    public static HttpRequestMessage AwsJson(Uri endpoint, string signingName, string target, string json, string jsonVersion = "1.1")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue($"application/x-amz-json-{jsonVersion}");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        Authorize(request, signingName);
        return request;
    }

    public static HttpRequestMessage Query(Uri endpoint, string signingName, string action, string version, params (string Name, string Value)[] parameters)
    {
        var form = new StringBuilder($"Action={action}&Version={version}");
        foreach (var (name, value) in parameters)
        {
            form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(form.ToString(), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        Authorize(request, signingName);
        return request;
    }

    public static HttpRequestMessage Rest(HttpMethod method, Uri endpoint, string signingName, string pathAndQuery, string? json = null)
    {
        var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        Authorize(request, signingName);
        return request;
    }

    private static void Authorize(HttpRequestMessage request, string signingName)
    {
        var now = DateTime.UtcNow;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=testing/{now:yyyyMMdd}/us-east-1/{signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
    }
}
