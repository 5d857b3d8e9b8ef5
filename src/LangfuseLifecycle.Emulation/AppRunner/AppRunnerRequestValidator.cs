using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>
/// What App Runner refuses, with botocore's patterns and App Runner's limits: each check throws an
/// <see cref="AppRunnerApiError"/> (400 InvalidRequestException) naming the member, as the real service does.
/// </summary>
internal static partial class AppRunnerRequestValidator
{
    /// <summary>A seed the real account could not hold is a test bug: <see cref="ArgumentException"/>, not a wire error.</summary>
    public static void ValidateSeed(AppRunnerServiceSeed seed)
    {
        if (!ServiceNamePattern().IsMatch(seed.ServiceName))
        {
            throw new ArgumentException($"ServiceName '{seed.ServiceName}' must be 4–40 letters, digits, '-' or '_', starting with a letter or digit.", nameof(seed));
        }

        var imageError = ValidateImageIdentifier(seed.ImageIdentifier);
        if (imageError is not null)
        {
            throw new ArgumentException(imageError, nameof(seed));
        }
    }

    /// <summary>The <c>ServiceArn</c> member: present, a string, and an App Runner resource ARN.</summary>
    public static string ServiceArn(JsonObject input)
    {
        if (input["ServiceArn"] is not JsonValue value || !value.TryGetValue(out string? arn) || string.IsNullOrEmpty(arn))
        {
            throw AppRunnerApiError.InvalidRequest("ServiceArn is required.");
        }

        if (!ArnPattern().IsMatch(arn))
        {
            throw AppRunnerApiError.InvalidRequest($"ServiceArn '{arn}' is not a valid App Runner resource ARN.");
        }

        return arn;
    }

    public static void ValidateImageRepository(JsonNode node)
    {
        if (node is not JsonObject image)
        {
            throw AppRunnerApiError.InvalidRequest("SourceConfiguration.ImageRepository must be an object.");
        }

        var identifier = (string?)image["ImageIdentifier"];
        var error = ValidateImageIdentifier(identifier);
        if (error is not null)
        {
            throw AppRunnerApiError.InvalidRequest("SourceConfiguration.ImageRepository.ImageIdentifier: " + error);
        }

        if ((string?)image["ImageRepositoryType"] is not ("ECR" or "ECR_PUBLIC"))
        {
            throw AppRunnerApiError.InvalidRequest("SourceConfiguration.ImageRepository.ImageRepositoryType is required: ECR or ECR_PUBLIC.");
        }

        if (image["ImageConfiguration"] is JsonObject configuration)
        {
            foreach (var mapName in new[] { "RuntimeEnvironmentVariables", "RuntimeEnvironmentSecrets" })
            {
                if (configuration[mapName] is JsonNode map && (map is not JsonObject entries || entries.Any(entry => entry.Value?.GetValueKind() != JsonValueKind.String)))
                {
                    throw AppRunnerApiError.InvalidRequest($"ImageConfiguration.{mapName} must map names to strings.");
                }
            }
        }
    }

    public static void ValidateInstance(JsonNode node)
    {
        if (node is not JsonObject instance)
        {
            throw AppRunnerApiError.InvalidRequest("InstanceConfiguration must be an object.");
        }

        if ((string?)instance["Cpu"] is { } cpu && !CpuPattern().IsMatch(cpu))
        {
            throw AppRunnerApiError.InvalidRequest($"InstanceConfiguration.Cpu '{cpu}' is not one of 256|512|1024|2048|4096 or '<n> vCPU'.");
        }

        if ((string?)instance["Memory"] is { } memory && !MemoryPattern().IsMatch(memory))
        {
            throw AppRunnerApiError.InvalidRequest($"InstanceConfiguration.Memory '{memory}' is not a supported size.");
        }
    }

    public static void ValidateHealthCheck(JsonNode node)
    {
        if (node is not JsonObject health)
        {
            throw AppRunnerApiError.InvalidRequest("HealthCheckConfiguration must be an object.");
        }

        if (health["Protocol"] is JsonNode protocol && (string?)protocol is not ("TCP" or "HTTP"))
        {
            throw AppRunnerApiError.InvalidRequest("HealthCheckConfiguration.Protocol must be TCP or HTTP.");
        }

        if (health["Path"] is JsonNode path && string.IsNullOrEmpty((string?)path))
        {
            throw AppRunnerApiError.InvalidRequest("HealthCheckConfiguration.Path must not be empty.");
        }

        foreach (var member in new[] { "Interval", "Timeout", "HealthyThreshold", "UnhealthyThreshold" })
        {
            if (health[member] is JsonNode value && (value.GetValueKind() != JsonValueKind.Number || value.GetValue<int>() is < 1 or > 20))
            {
                throw AppRunnerApiError.InvalidRequest($"HealthCheckConfiguration.{member} must be an integer from 1 to 20.");
            }
        }
    }

    public static void ValidateNetwork(JsonNode node)
    {
        if (node is not JsonObject network)
        {
            throw AppRunnerApiError.InvalidRequest("NetworkConfiguration must be an object.");
        }

        if (network["EgressConfiguration"] is JsonObject egress)
        {
            var type = (string?)egress["EgressType"];
            if (type is not (null or "DEFAULT" or "VPC"))
            {
                throw AppRunnerApiError.InvalidRequest("NetworkConfiguration.EgressConfiguration.EgressType must be DEFAULT or VPC.");
            }

            if (type == "VPC" && string.IsNullOrEmpty((string?)egress["VpcConnectorArn"]))
            {
                throw AppRunnerApiError.InvalidRequest("NetworkConfiguration.EgressConfiguration.VpcConnectorArn is required when EgressType is VPC.");
            }
        }
    }

    private static string? ValidateImageIdentifier(string? identifier) =>
        identifier is not null && ImageIdentifierPattern().IsMatch(identifier)
            ? null
            : $"'{identifier}' is not an ECR (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>) or ECR Public (public.ecr.aws/<alias>/<repo>:<tag>) image.";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$")]
    private static partial Regex ServiceNamePattern();

    [GeneratedRegex(@"^arn:aws(-[\w]+)*:[a-z0-9-\\.]{0,63}:[a-z0-9-\\.]{0,63}:[0-9]{12}:(\w|\/|-){1,1011}$")]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"^(([0-9]{12}.dkr.ecr.[a-z\-]+-[0-9]{1}.amazonaws.com\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([\w\d+\-=._:\/@])+|@([\w\d\:]+))?)|(public\.ecr\.aws\/.+\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([\w\d+\-=._:\/@])+|@([\w\d\:]+))?))$")]
    private static partial Regex ImageIdentifierPattern();

    [GeneratedRegex(@"^(256|512|1024|2048|4096|(0.25|0.5|1|2|4) vCPU)$")]
    private static partial Regex CpuPattern();

    [GeneratedRegex(@"^(512|1024|2048|3072|4096|6144|8192|10240|12288|(0.5|1|2|3|4|6|8|10|12) GB)$")]
    private static partial Regex MemoryPattern();
}
