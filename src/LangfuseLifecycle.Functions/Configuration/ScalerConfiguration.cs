using System.Globalization;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Configuration;

/// <summary>The scaler function's settings, read once at init from environment variables (filled by template parameters).
/// Every problem is an <see cref="InvalidScalerConfigurationException"/> naming the variable and the fix, raised before any AWS call.</summary>
public sealed record ScalerConfiguration(
    BackendTopology Topology,
    ScalerSettings Settings,
    string? EventBusName,
    string ScheduleGroup,
    string? FunctionArn,
    string? SchedulerRoleArn,
    string? LeaseTableName = null)
{
    public const string Cluster = "LANGFUSE_CLUSTER";
    public const string ClickHouseService = "CLICKHOUSE_SERVICE";
    public const string WorkerServices = "WORKER_SERVICES";
    public const string ClickHouseFileSystemId = "CLICKHOUSE_FILE_SYSTEM_ID";
    public const string ClickHouseHealthUrl = "CLICKHOUSE_HEALTH_URL";
    public const string WorkerHealthUrl = "WORKER_HEALTH_URL";
    public const string ScheduleTimezone = "SCHEDULE_TIMEZONE";
    public const string Holidays = "HOLIDAYS";
    public const string DefaultDesiredCount = "DEFAULT_DESIRED_COUNT";
    public const string ServicePollSeconds = "SERVICE_POLL_INTERVAL_SECONDS";
    public const string HealthPollSeconds = "HEALTH_POLL_INTERVAL_SECONDS";
    public const string MaxWaitPerStageSeconds = "MAX_WAIT_PER_STAGE_SECONDS";
    public const string MaxForHours = "MAX_FOR_HOURS";
    public const string EventBus = "EVENT_BUS_NAME";
    public const string ScheduleGroupName = "SCHEDULE_GROUP";
    public const string ScalerFunctionArn = "SCALER_FUNCTION_ARN";
    public const string SchedulerRole = "SCHEDULER_ROLE_ARN";

    /// <summary>The DynamoDB table holding the backend lease (one action at a time); unset only outside the stack, e.g. in local tests.</summary>
    public const string LeaseTable = "LEASE_TABLE_NAME";

    public static ScalerConfiguration FromEnvironment(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Read(string name) => environment.GetVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var cluster = Read(Cluster) ?? throw Missing(Cluster, "the ECS cluster name or ARN of the Langfuse backend, e.g. langfuse");
        var clickHouse = Read(ClickHouseService) ?? throw Missing(ClickHouseService, "the ClickHouse ECS service name, e.g. langfuse-clickhouse");
        var workers = (Read(WorkerServices) ?? throw Missing(WorkerServices, "comma-separated worker service names, e.g. langfuse-worker"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (workers.Length == 0)
        {
            throw Missing(WorkerServices, "comma-separated worker service names, e.g. langfuse-worker");
        }

        if (workers.Any(worker => BackendTopology.ServiceName(worker) == BackendTopology.ServiceName(clickHouse)))
        {
            throw new InvalidScalerConfigurationException(WorkerServices, $"contains the ClickHouse service '{clickHouse}'", "list only the worker services; ClickHouse is CLICKHOUSE_SERVICE");
        }

        var fileSystem = Read(ClickHouseFileSystemId) ?? throw Missing(ClickHouseFileSystemId, "the EFS file system id holding ClickHouse data, e.g. fs-0123456789abcdef0");
        if (!fileSystem.StartsWith("fs-", StringComparison.Ordinal))
        {
            throw new InvalidScalerConfigurationException(ClickHouseFileSystemId, $"'{fileSystem}' is not a file system id", "use the id (fs-...), not the ARN or a name");
        }

        var topology = new BackendTopology(
            cluster,
            clickHouse,
            workers,
            fileSystem,
            ReadUrl(Read(ClickHouseHealthUrl), ClickHouseHealthUrl),
            ReadUrl(Read(WorkerHealthUrl), WorkerHealthUrl),
            ReadInt(Read(DefaultDesiredCount), DefaultDesiredCount, 1, 1, 100));

        var wait = new WaitSettings(
            TimeSpan.FromSeconds(ReadInt(Read(ServicePollSeconds), ServicePollSeconds, 10, 0, 300)),
            TimeSpan.FromSeconds(ReadInt(Read(HealthPollSeconds), HealthPollSeconds, 5, 0, 300)),
            TimeSpan.FromSeconds(ReadInt(Read(MaxWaitPerStageSeconds), MaxWaitPerStageSeconds, 600, 1, 3600)));
        var settings = ScalerSettings.Create(Read(ScheduleTimezone) ?? ScheduleTimeZone.DefaultId, Read(Holidays), wait) with
        {
            MaxForHours = ReadInt(Read(MaxForHours), MaxForHours, 168, 1, 24 * 31),
        };

        return new ScalerConfiguration(topology, settings, Read(EventBus), Read(ScheduleGroupName) ?? "default", Read(ScalerFunctionArn), Read(SchedulerRole), Read(LeaseTable));
    }

    private static InvalidScalerConfigurationException Missing(string name, string expected) =>
        new(name, "is not set", $"set it to {expected}");

    private static Uri? ReadUrl(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new InvalidScalerConfigurationException(name, $"'{value}' is not an http(s) URL", "use e.g. http://clickhouse.langfuse.local:8123/ping, or leave it empty to skip the health wait");
    }

    private static int ReadInt(string? value, string name, int defaultValue, int minimum, int maximum)
    {
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum
            ? number
            : throw new InvalidScalerConfigurationException(name, $"'{value}' is not a whole number from {minimum} to {maximum}", $"set a number in that range or unset it for the default {defaultValue}");
    }
}
