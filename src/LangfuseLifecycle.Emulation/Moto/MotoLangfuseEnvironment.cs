using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Emulation.Moto;

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
    public const string Region = MotoServer.Region;
    public const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:langfuse-lifecycle-scaler";
    public const string SchedulerRoleArn = "arn:aws:iam::123456789012:role/langfuse-lifecycle-scheduler";

    /// <summary>The environment variables the scaler function gets from the template, with moto's client variables.</summary>
    public IReadOnlyDictionary<string, string> ScalerEnvironment(Uri? awsEndpoint = null) => new Dictionary<string, string>(MotoServer.CreateClientEnvironment(awsEndpoint ?? Endpoint), StringComparer.Ordinal)
    {
        ["LANGFUSE_CLUSTER"] = Cluster,
        ["CLICKHOUSE_SERVICE"] = ClickHouseService,
        ["WORKER_SERVICES"] = WorkerService,
        ["CLICKHOUSE_FILE_SYSTEM_ID"] = FileSystemId,
        ["SCHEDULE_TIMEZONE"] = "Asia/Tokyo",
        ["SERVICE_POLL_INTERVAL_SECONDS"] = "0.05",
        ["HEALTH_POLL_INTERVAL_SECONDS"] = "0.05",
        ["EVENT_BUS_NAME"] = "default",
        ["SCHEDULE_GROUP"] = ScheduleGroup,
        ["SCALER_FUNCTION_ARN"] = FunctionArn,
        ["SCHEDULER_ROLE_ARN"] = SchedulerRoleArn,
    };

    public static async Task<MotoLangfuseEnvironment> CreateAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        var moto = new MotoSeedRequests(endpoint);
        const string zoneA = Region + "a";
        const string zoneB = Region + "b";

        var vpc = (await moto.Ec2Async("CreateVpc", cancellationToken, ("CidrBlock", "10.20.0.0/16")).ConfigureAwait(false)).Find("vpcId");
        var subnetA = (await moto.Ec2Async("CreateSubnet", cancellationToken, ("VpcId", vpc), ("CidrBlock", "10.20.1.0/24"), ("AvailabilityZone", zoneA)).ConfigureAwait(false)).Find("subnetId");
        var subnetB = (await moto.Ec2Async("CreateSubnet", cancellationToken, ("VpcId", vpc), ("CidrBlock", "10.20.2.0/24"), ("AvailabilityZone", zoneB)).ConfigureAwait(false)).Find("subnetId");
        var securityGroup = (await moto.Ec2Async("CreateSecurityGroup", cancellationToken, ("VpcId", vpc), ("GroupName", "langfuse-clickhouse"), ("GroupDescription", "ClickHouse")).ConfigureAwait(false)).Find("groupId");

        var fileSystem = await moto.RestJsonAsync(HttpMethod.Post, "elasticfilesystem", "/2015-02-01/file-systems",
            new JsonObject { ["CreationToken"] = "langfuse-clickhouse", ["AvailabilityZoneName"] = zoneA, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "Name", ["Value"] = "langfuse-clickhouse" }) }, cancellationToken).ConfigureAwait(false);
        var fileSystemId = fileSystem["FileSystemId"]!.GetValue<string>();
        await moto.RestJsonAsync(HttpMethod.Post, "elasticfilesystem", "/2015-02-01/mount-targets", new JsonObject { ["FileSystemId"] = fileSystemId, ["SubnetId"] = subnetA }, cancellationToken).ConfigureAwait(false);

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
        await moto.RestJsonAsync(HttpMethod.Post, "scheduler", $"/schedule-groups/{scheduleGroup}", new JsonObject { ["ClientToken"] = Guid.NewGuid().ToString() }, cancellationToken).ConfigureAwait(false);

        return new MotoLangfuseEnvironment(endpoint, cluster, "langfuse-clickhouse", "langfuse-worker", fileSystemId, zoneA, subnetA, subnetB, securityGroup, scheduleGroup);
    }

    /// <summary>An ECS service on moto with a task definition of its own name; the migration demo seeds its v2 backend with it too.</summary>
    public static async Task CreateServiceAsync(
        MotoSeedRequests moto, string cluster, string name, int desired, string[] subnets, string securityGroup, int maximumPercent, int minimumHealthyPercent, CancellationToken cancellationToken)
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
}
