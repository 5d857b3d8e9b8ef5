using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

/// <summary>
/// Arrange-side AWS calls the product never makes (create cluster, stack, state machine...), sent raw to moto.
/// moto does not verify signatures but routes by the credential scope, so the Authorization header names the service.
/// </summary>
public sealed class MotoRequests(Uri endpoint)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<JsonNode> AwsJsonAsync(string signingName, string target, object body, string jsonVersion = "1.1")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(ToJson(body), Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue($"application/x-amz-json-{jsonVersion}");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return JsonNode.Parse(await SendAsync(request, signingName)) ?? new JsonObject();
    }

    public async Task<string> QueryAsync(string signingName, string action, string version, params (string Name, string Value)[] parameters)
    {
        var form = new StringBuilder($"Action={action}&Version={version}");
        foreach (var (name, value) in parameters)
        {
            form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(form.ToString(), Encoding.UTF8, "application/x-www-form-urlencoded") };
        return await SendAsync(request, signingName);
    }

    public async Task<JsonNode> RestJsonAsync(HttpMethod method, string signingName, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(endpoint, path));
        if (body is not null)
        {
            request.Content = new StringContent(ToJson(body), Encoding.UTF8, "application/json");
        }

        var text = await SendAsync(request, signingName);
        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>A recurring EventBridge Scheduler schedule in the default group, as SAM's ScheduleV2 event deploys it.</summary>
    public Task<JsonNode> CreateScheduleAsync(string name, string expression, string timeZone, string functionArn, string action, string state = "ENABLED") =>
        RestJsonAsync(HttpMethod.Post, "scheduler", $"schedules/{name}", new JsonObject
        {
            ["ScheduleExpression"] = expression,
            ["ScheduleExpressionTimezone"] = timeZone,
            ["FlexibleTimeWindow"] = new JsonObject { ["Mode"] = "OFF" },
            ["State"] = state,
            ["Target"] = new JsonObject
            {
                ["Arn"] = functionArn,
                ["RoleArn"] = "arn:aws:iam::123456789012:role/scheduler",
                ["Input"] = new JsonObject { ["action"] = action, ["reason"] = "schedule" }.ToJsonString(),
            },
        });

    /// <summary>Lets moto's Step Functions run definitions (Pass, Choice, Wait, Fail) instead of returning canned histories.</summary>
    public async Task EnableStateMachineExecutionAsync()
    {
        using var response = await Http.PostAsync(new Uri(endpoint, "moto-api/config"), new StringContent("{\"stepfunctions\":{\"execute_state_machine\":true}}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static string ToJson(object body) => body switch
    {
        string text => text,
        JsonNode node => node.ToJsonString(),
        _ => throw new ArgumentException("Pass JSON text or a JsonNode.", nameof(body)),
    };

    private static async Task<string> SendAsync(HttpRequestMessage request, string signingName)
    {
        var now = DateTime.UtcNow;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=testing/{now:yyyyMMdd}/us-east-1/{signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
        using (request)
        {
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"moto answered {(int)response.StatusCode} to {request.Method} {request.RequestUri} ({signingName}): {text}");
            }

            return text;
        }
    }
}
