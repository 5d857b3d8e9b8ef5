using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>One App Runner service the emulator holds: its stored configuration (botocore shape names), status, operations
/// and fake web. Read and changed only under <see cref="AppRunnerServiceState.Gate"/>.</summary>
internal sealed class EmulatedService(string arn, string name, string id, string serviceUrl, DateTimeOffset createdAt)
{
    public string Arn { get; } = arn;

    public string Name { get; } = name;

    public string Id { get; } = id;

    public string ServiceUrl { get; } = serviceUrl;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    public required JsonObject Configuration { get; set; }

    public required string Status { get; set; }

    /// <summary>The image the fake web serves: the previous one until an operation succeeds (rolling deployment).</summary>
    public string ServingImage { get; set; } = string.Empty;

    public List<EmulatedOperation> Operations { get; } = [];

    public Queue<string> ScriptedFailures { get; } = new();

    public required FakeLangfuseWeb Web { get; init; }

    public string ConfiguredImage => (string?)Configuration["SourceConfiguration"]?["ImageRepository"]?["ImageIdentifier"] ?? string.Empty;

    /// <summary>The botocore <c>Service</c> shape, as DescribeService and UpdateService answer it.</summary>
    public JsonObject ToJson()
    {
        var service = new JsonObject
        {
            ["ServiceName"] = Name,
            ["ServiceId"] = Id,
            ["ServiceArn"] = Arn,
            ["ServiceUrl"] = ServiceUrl,
            ["CreatedAt"] = EpochSeconds(CreatedAt),
            ["UpdatedAt"] = EpochSeconds(UpdatedAt),
            ["Status"] = Status,
        };
        foreach (var (member, value) in Configuration)
        {
            service[member] = value?.DeepClone();
        }

        return service;
    }

    /// <summary>The stored configuration of a seeded service, in botocore's shapes.</summary>
    public static JsonObject ConfigurationOf(AppRunnerServiceSeed seed)
    {
        var imageConfiguration = new JsonObject
        {
            ["Port"] = seed.Port,
            ["RuntimeEnvironmentVariables"] = ToJson(seed.EnvironmentVariables),
            ["RuntimeEnvironmentSecrets"] = ToJson(seed.Secrets),
        };
        if (seed.StartCommand is not null)
        {
            imageConfiguration["StartCommand"] = seed.StartCommand;
        }

        var source = new JsonObject
        {
            ["ImageRepository"] = new JsonObject
            {
                ["ImageIdentifier"] = seed.ImageIdentifier,
                ["ImageConfiguration"] = imageConfiguration,
                ["ImageRepositoryType"] = seed.ImageRepositoryType ?? (seed.ImageIdentifier.StartsWith("public.ecr.aws/", StringComparison.Ordinal) ? "ECR_PUBLIC" : "ECR"),
            },
            ["AutoDeploymentsEnabled"] = seed.AutoDeploymentsEnabled,
        };
        if (seed.AccessRoleArn is not null)
        {
            source["AuthenticationConfiguration"] = new JsonObject { ["AccessRoleArn"] = seed.AccessRoleArn };
        }

        var instance = new JsonObject { ["Cpu"] = seed.Cpu, ["Memory"] = seed.Memory };
        if (seed.InstanceRoleArn is not null)
        {
            instance["InstanceRoleArn"] = seed.InstanceRoleArn;
        }

        var egress = seed.VpcConnectorArn is null
            ? new JsonObject { ["EgressType"] = "DEFAULT" }
            : new JsonObject { ["EgressType"] = "VPC", ["VpcConnectorArn"] = seed.VpcConnectorArn };
        return new JsonObject
        {
            ["SourceConfiguration"] = source,
            ["InstanceConfiguration"] = instance,
            ["HealthCheckConfiguration"] = new JsonObject
            {
                ["Protocol"] = seed.HealthCheck.Protocol,
                ["Path"] = seed.HealthCheck.Path,
                ["Interval"] = seed.HealthCheck.Interval,
                ["Timeout"] = seed.HealthCheck.Timeout,
                ["HealthyThreshold"] = seed.HealthCheck.HealthyThreshold,
                ["UnhealthyThreshold"] = seed.HealthCheck.UnhealthyThreshold,
            },
            ["AutoScalingConfigurationSummary"] = new JsonObject
            {
                ["AutoScalingConfigurationArn"] = $"arn:aws:apprunner:{AppRunnerStandIn.Region}:{AppRunnerStandIn.AccountId}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001",
                ["AutoScalingConfigurationName"] = "DefaultConfiguration",
                ["AutoScalingConfigurationRevision"] = 1,
            },
            ["NetworkConfiguration"] = new JsonObject
            {
                ["EgressConfiguration"] = egress,
                ["IngressConfiguration"] = new JsonObject { ["IsPubliclyAccessible"] = seed.IsPubliclyAccessible },
                ["IpAddressType"] = "IPV4",
            },
        };
    }

    public static double EpochSeconds(DateTimeOffset time) => Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3);

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }
}

/// <summary>One operation (UPDATE_SERVICE, PAUSE_SERVICE, …) of an <see cref="EmulatedService"/>.</summary>
internal sealed class EmulatedOperation(string id, string type, DateTimeOffset startedAt)
{
    public string Id { get; } = id;

    public string Type { get; } = type;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset UpdatedAt { get; set; } = startedAt;

    public DateTimeOffset? EndedAt { get; set; }

    public string Status { get; set; } = "IN_PROGRESS";

    public int Polls { get; set; }

    public required string StatusBefore { get; init; }

    public required string StatusAfterSuccess { get; init; }

    public required string Outcome { get; init; }

    public JsonObject? PreviousConfiguration { get; set; }

    /// <summary>The botocore <c>OperationSummary</c> shape.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["Id"] = Id,
            ["Type"] = Type,
            ["Status"] = Status,
            ["StartedAt"] = EmulatedService.EpochSeconds(StartedAt),
            ["UpdatedAt"] = EmulatedService.EpochSeconds(UpdatedAt),
        };
        if (EndedAt is { } ended)
        {
            json["EndedAt"] = EmulatedService.EpochSeconds(ended);
        }

        return json;
    }
}
