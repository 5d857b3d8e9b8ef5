using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;
using LangfuseLifecycle.Emulation.Net;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// moto_server with its ASL interpreter on (<c>stepfunctions.execute_state_machine</c>) and its Docker-free Lambda
/// (<c>lambda.use_docker=false</c>), whose invocations return the results queued through
/// <c>/moto-api/static/lambda-simple/response</c>, one per invocation, in order, for any function.
/// </summary>
public sealed class MotoStepFunctionsFixture : MotoFixture
{
    private const int BindAttempts = 3;
    private static readonly HttpClient Http = new() { Timeout = TestTimeouts.Scaled(TimeSpan.FromSeconds(30)) };
    private int _callbackPort;
    private LoopbackTcpForwarder? _forwarder;

    protected override MotoServerOptions Options => new()
    {
        EnvironmentVariables = new Dictionary<string, string> { ["MOTO_PORT"] = _callbackPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    /// <summary>moto learns its callback port when it starts, and the forwarder binds it afterwards: another process may
    /// take the port in between, so a lost bind restarts moto with a new port (LoopbackPorts' rule: callers retry).</summary>
    public override async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            _callbackPort = LoopbackPorts.GetFreePort();
            await base.InitializeAsync();
            try
            {
                _forwarder = LoopbackTcpForwarder.Start(_callbackPort, Endpoint.Port);
                return;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < BindAttempts)
            {
                await base.DisposeAsync();
            }
        }
    }

    public override async Task DisposeAsync()
    {
        if (_forwarder is not null)
        {
            await _forwarder.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>Resets every backend, then turns the interpreter and the Docker-free Lambda back on.</summary>
    public async Task PrepareAsync()
    {
        await ResetAsync();
        await PostAsync("moto-api/config", new JsonObject
        {
            ["stepfunctions"] = new JsonObject { ["execute_state_machine"] = true },
            ["lambda"] = new JsonObject { ["use_docker"] = false },
        });
    }

    /// <summary>Queues what the next Lambda invocations return, in invocation order.</summary>
    public Task QueueLambdaResultsAsync(IEnumerable<JsonNode> results) =>
        PostAsync("moto-api/static/lambda-simple/response", new JsonObject
        {
            ["region"] = MotoServer.Region,
            ["results"] = new JsonArray(results.Select(result => (JsonNode)JsonValue.Create(result.ToJsonString())!).ToArray()),
        });

    public async Task<JsonObject> CallAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions." + operation);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={MotoServer.AccessKeyId}/20261129/{MotoServer.Region}/states/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{operation} answered {(int)response.StatusCode}: {text}\n{Server.DiagnosticOutput}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task PostAsync(string path, JsonObject body)
    {
        using var response = await Http.PostAsync(new Uri(Endpoint, path), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }
}
