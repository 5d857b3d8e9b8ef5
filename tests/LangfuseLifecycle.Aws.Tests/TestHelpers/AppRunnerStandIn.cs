using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>
/// A minimal App Runner on loopback (moto has none): one service in memory, awsJson1_0 with target prefix AppRunner.
/// DescribeService returns it, UpdateService merges the request into it and records a SUCCEEDED UPDATE_SERVICE operation,
/// ListOperations lists those. Unknown ARNs get ResourceNotFoundException. The shared stateful stand-in lives in LangfuseLifecycle.Testing.
/// </summary>
internal sealed class AppRunnerStandIn : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;
    private readonly JsonObject service;
    private readonly JsonArray operations = [];

    public AppRunnerStandIn(string serviceArn)
    {
        ServiceArn = serviceArn;
        service = new JsonObject
        {
            ["ServiceName"] = "langfuse",
            ["ServiceId"] = "abc",
            ["ServiceArn"] = serviceArn,
            ["ServiceUrl"] = "abc.eu-west-1.awsapprunner.com",
            ["Status"] = "RUNNING",
            ["CreatedAt"] = 1764383400,
            ["UpdatedAt"] = 1764383400,
            ["SourceConfiguration"] = JsonNode.Parse("""
                {"ImageRepository":{"ImageIdentifier":"langfuse/langfuse:2","ImageRepositoryType":"ECR_PUBLIC",
                  "ImageConfiguration":{"Port":"3000","RuntimeEnvironmentVariables":{"NEXTAUTH_URL":"https://langfuse.example.com"},
                  "RuntimeEnvironmentSecrets":{"DATABASE_URL":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"}}},
                 "AutoDeploymentsEnabled":false,"AuthenticationConfiguration":{"AccessRoleArn":"arn:aws:iam::123456789012:role/apprunner-ecr"}}
                """),
            ["InstanceConfiguration"] = JsonNode.Parse("""{"Cpu":"1024","Memory":"2048","InstanceRoleArn":"arn:aws:iam::123456789012:role/langfuse"}"""),
            ["HealthCheckConfiguration"] = JsonNode.Parse("""{"Protocol":"HTTP","Path":"/api/public/health","Interval":10,"Timeout":5,"HealthyThreshold":1,"UnhealthyThreshold":5}"""),
            ["NetworkConfiguration"] = JsonNode.Parse("""{"EgressConfiguration":{"EgressType":"DEFAULT"},"IngressConfiguration":{"IsPubliclyAccessible":true}}"""),
            ["AutoScalingConfigurationSummary"] = JsonNode.Parse("""{"AutoScalingConfigurationArn":"arn:asc","AutoScalingConfigurationName":"DefaultConfiguration","AutoScalingConfigurationRevision":1}"""),
        };

        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public string ServiceArn { get; }

    public List<string> Targets { get; } = [];

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await serving;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync()) as JsonObject ?? [];
            var target = context.Request.Headers["X-Amz-Target"] ?? "";
            lock (Targets)
            {
                Targets.Add(target);
            }

            var (status, response) = Handle(target, context.Request.ContentType, body);
            var bytes = Encoding.UTF8.GetBytes(response.ToJsonString());
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int Status, JsonObject Body) Handle(string target, string? contentType, JsonObject request)
    {
        if (contentType != "application/x-amz-json-1.0")
        {
            return (400, Error("SerializationException", "expected application/x-amz-json-1.0"));
        }

        if (request["ServiceArn"]?.GetValue<string>() != ServiceArn)
        {
            return (400, Error("ResourceNotFoundException", $"Service {request["ServiceArn"]} not found"));
        }

        switch (target)
        {
            case "AppRunner.DescribeService":
                return (200, new JsonObject { ["Service"] = service.DeepClone() });
            case "AppRunner.UpdateService":
                foreach (var member in new[] { "SourceConfiguration", "InstanceConfiguration", "HealthCheckConfiguration", "NetworkConfiguration" })
                {
                    if (request[member] is JsonObject replacement)
                    {
                        service[member] = replacement.DeepClone();
                    }
                }

                var operationId = Guid.NewGuid().ToString("N");
                operations.Insert(0, new JsonObject { ["Id"] = operationId, ["Type"] = "UPDATE_SERVICE", ["Status"] = "SUCCEEDED", ["TargetArn"] = ServiceArn, ["StartedAt"] = 1764383460, ["EndedAt"] = 1764383520 });
                return (200, new JsonObject { ["Service"] = service.DeepClone(), ["OperationId"] = operationId });
            case "AppRunner.ListOperations":
                return (200, new JsonObject { ["OperationSummaryList"] = operations.DeepClone() });
            default:
                return (400, Error("UnknownOperationException", target));
        }
    }

    private static JsonObject Error(string type, string message) => new() { ["__type"] = type, ["Message"] = message };

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
