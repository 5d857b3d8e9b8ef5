using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>A Langfuse-v3-like backend created on moto: a VPC with subnets in two AZs, an EFS One Zone file system in the first,
/// an ECS cluster with a ClickHouse service whose subnets drifted across both AZs (and a deployment maximum of 200 %),
/// and a worker at 2 tasks with an Application Auto Scaling target (1–4).</summary>
public sealed record MotoLangfuseEnvironment(
    Uri Endpoint,
    string Cluster,
    string ClickHouseService,
    string WorkerService,
    string FileSystemId,
    string FileSystemZone,
    string SubnetInFileSystemZone,
    string SubnetInOtherZone,
    string SecurityGroupId,
    string ScheduleGroup)
{
    public const string Region = "us-east-1";
    public const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:langfuse-lifecycle-scaler";
    public const string SchedulerRoleArn = "arn:aws:iam::123456789012:role/langfuse-lifecycle-scheduler";

    /// <summary>The environment variables the scaler function gets from the template, pointed at moto.</summary>
    public IReadOnlyDictionary<string, string> ScalerEnvironment(Uri? awsEndpoint = null) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL"] = (awsEndpoint ?? Endpoint).GetLeftPart(UriPartial.Authority),
        ["AWS_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["LANGFUSE_CLUSTER"] = Cluster,
        ["CLICKHOUSE_SERVICE"] = ClickHouseService,
        ["WORKER_SERVICES"] = WorkerService,
        ["CLICKHOUSE_FILE_SYSTEM_ID"] = FileSystemId,
        ["SCHEDULE_TIMEZONE"] = "Asia/Tokyo",
        ["SERVICE_POLL_INTERVAL_SECONDS"] = "0",
        ["HEALTH_POLL_INTERVAL_SECONDS"] = "0",
        ["EVENT_BUS_NAME"] = "default",
        ["SCHEDULE_GROUP"] = ScheduleGroup,
        ["SCALER_FUNCTION_ARN"] = FunctionArn,
        ["SCHEDULER_ROLE_ARN"] = SchedulerRoleArn,
    };

    public static async Task<MotoLangfuseEnvironment> CreateAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        using var moto = new MotoRequests(endpoint);
        const string zoneA = Region + "a";
        const string zoneB = Region + "b";

        var vpc = (await moto.Ec2Async("CreateVpc", cancellationToken, ("CidrBlock", "10.20.0.0/16")).ConfigureAwait(false)).Find("vpcId");
        var subnetA = (await moto.Ec2Async("CreateSubnet", cancellationToken, ("VpcId", vpc), ("CidrBlock", "10.20.1.0/24"), ("AvailabilityZone", zoneA)).ConfigureAwait(false)).Find("subnetId");
        var subnetB = (await moto.Ec2Async("CreateSubnet", cancellationToken, ("VpcId", vpc), ("CidrBlock", "10.20.2.0/24"), ("AvailabilityZone", zoneB)).ConfigureAwait(false)).Find("subnetId");
        var securityGroup = (await moto.Ec2Async("CreateSecurityGroup", cancellationToken, ("VpcId", vpc), ("GroupName", "langfuse-clickhouse"), ("GroupDescription", "ClickHouse")).ConfigureAwait(false)).Find("groupId");

        using var fileSystem = await moto.RestJsonAsync(HttpMethod.Post, "elasticfilesystem", "/2015-02-01/file-systems",
            new JsonObject { ["CreationToken"] = "langfuse-clickhouse", ["AvailabilityZoneName"] = zoneA, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "Name", ["Value"] = "langfuse-clickhouse" }) }, cancellationToken).ConfigureAwait(false);
        var fileSystemId = fileSystem.RootElement.GetProperty("FileSystemId").GetString()!;
        (await moto.RestJsonAsync(HttpMethod.Post, "elasticfilesystem", "/2015-02-01/mount-targets", new JsonObject { ["FileSystemId"] = fileSystemId, ["SubnetId"] = subnetA }, cancellationToken).ConfigureAwait(false)).Dispose();

        const string cluster = "langfuse";
        await moto.EcsAsync("CreateCluster", new JsonObject { ["clusterName"] = cluster }, cancellationToken).ConfigureAwait(false);
        foreach (var family in new[] { "langfuse-clickhouse", "langfuse-worker" })
        {
            await moto.EcsAsync("RegisterTaskDefinition", new JsonObject
            {
                ["family"] = family,
                ["networkMode"] = "awsvpc",
                ["requiresCompatibilities"] = new JsonArray("FARGATE"),
                ["cpu"] = "1024",
                ["memory"] = "8192",
                ["containerDefinitions"] = new JsonArray(new JsonObject
                {
                    ["name"] = family,
                    ["image"] = family == "langfuse-worker" ? "langfuse/langfuse-worker:3" : "clickhouse/clickhouse-server:24.8",
                    ["essential"] = true,
                }),
            }, cancellationToken).ConfigureAwait(false);
        }

        await CreateServiceAsync(moto, cluster, "langfuse-clickhouse", 1, [subnetA, subnetB], securityGroup, maximumPercent: 200, minimumHealthyPercent: 100, cancellationToken).ConfigureAwait(false);
        await CreateServiceAsync(moto, cluster, "langfuse-worker", 2, [subnetA, subnetB], securityGroup, maximumPercent: 200, minimumHealthyPercent: 100, cancellationToken).ConfigureAwait(false);

        await moto.JsonAsync("application-autoscaling", "AnyScaleFrontendService.RegisterScalableTarget", new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ResourceId"] = $"service/{cluster}/langfuse-worker",
            ["ScalableDimension"] = "ecs:service:DesiredCount",
            ["MinCapacity"] = 1,
            ["MaxCapacity"] = 4,
        }, "1.1", cancellationToken).ConfigureAwait(false);

        const string scheduleGroup = "langfuse-lifecycle";
        (await moto.RestJsonAsync(HttpMethod.Post, "scheduler", $"/schedule-groups/{scheduleGroup}", new JsonObject { ["ClientToken"] = Guid.NewGuid().ToString() }, cancellationToken).ConfigureAwait(false)).Dispose();

        return new MotoLangfuseEnvironment(endpoint, cluster, "langfuse-clickhouse", "langfuse-worker", fileSystemId, zoneA, subnetA, subnetB, securityGroup, scheduleGroup);
    }

    private static async Task CreateServiceAsync(
        MotoRequests moto, string cluster, string name, int desired, string[] subnets, string securityGroup, int maximumPercent, int minimumHealthyPercent, CancellationToken cancellationToken)
    {
        await moto.EcsAsync("CreateService", new JsonObject
        {
            ["cluster"] = cluster,
            ["serviceName"] = name,
            ["taskDefinition"] = name,
            ["desiredCount"] = desired,
            ["launchType"] = "FARGATE",
            ["deploymentConfiguration"] = new JsonObject { ["maximumPercent"] = maximumPercent, ["minimumHealthyPercent"] = minimumHealthyPercent },
            ["networkConfiguration"] = new JsonObject
            {
                ["awsvpcConfiguration"] = new JsonObject
                {
                    ["subnets"] = new JsonArray([.. subnets.Select(subnet => (JsonNode?)subnet)]),
                    ["securityGroups"] = new JsonArray(securityGroup),
                    ["assignPublicIp"] = "DISABLED",
                },
            },
        }, cancellationToken).ConfigureAwait(false);

        // moto starts services with no running task; asking for the same count makes them run, like a live service.
        await moto.EcsAsync("UpdateService", new JsonObject { ["cluster"] = cluster, ["service"] = name, ["desiredCount"] = desired }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unsigned requests for moto only (it routes by the credential scope and does not check signatures).</summary>
    private sealed class MotoRequests(Uri endpoint) : IDisposable
    {
        private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

        public async Task<XDocument> Ec2Async(string action, CancellationToken cancellationToken, params (string Name, string Value)[] parameters)
        {
            var form = new StringBuilder($"Action={action}&Version=2016-11-15");
            foreach (var (name, value) in parameters)
            {
                form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(form.ToString(), Encoding.UTF8, "application/x-www-form-urlencoded") };
            return XDocument.Parse(await SendAsync(request, "ec2", cancellationToken).ConfigureAwait(false));
        }

        public Task EcsAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
            JsonAsync("ecs", $"AmazonEC2ContainerServiceV20141113.{operation}", body, "1.1", cancellationToken);

        public async Task JsonAsync(string signingName, string target, JsonObject body, string version, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{version}");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            await SendAsync(request, signingName, cancellationToken).ConfigureAwait(false);
        }

        public async Task<JsonDocument> RestJsonAsync(HttpMethod method, string signingName, string path, JsonObject body, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(method, new Uri(endpoint, path.TrimStart('/')))
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            return JsonDocument.Parse(await SendAsync(request, signingName, cancellationToken).ConfigureAwait(false));
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
}

internal static class XmlFind
{
    public static string Find(this XDocument document, string localName) =>
        document.Descendants().First(element => element.Name.LocalName == localName).Value;
}
