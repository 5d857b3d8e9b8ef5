using System.Globalization;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Configuration;

/// <summary>The scaler function's settings, read once at init from environment variables (filled by template parameters).
/// Every problem is an <see cref="InvalidScalerConfigurationException"/> naming the variable and the fix, raised before any AWS call.</summary>
public sealed partial record ScalerConfiguration(
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

        if (workers.GroupBy(BackendTopology.ServiceName, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } repeated)
        {
            throw new InvalidScalerConfigurationException(WorkerServices, $"lists the service '{repeated.Key}' more than once", "list each worker service once, comma-separated, e.g. langfuse-worker,langfuse-worker-2");
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
            ReadPollInterval(Read(ServicePollSeconds), ServicePollSeconds, 10),
            ReadPollInterval(Read(HealthPollSeconds), HealthPollSeconds, 5),
            TimeSpan.FromSeconds(ReadInt(Read(MaxWaitPerStageSeconds), MaxWaitPerStageSeconds, 600, 1, 3600)));
        var settings = ScalerSettings.Create(Read(ScheduleTimezone) ?? ScheduleTimeZone.DefaultId, Read(Holidays), wait) with
        {
            MaxForHours = ReadInt(Read(MaxForHours), MaxForHours, 168, 1, 24 * 31),
        };

        var scheduleGroup = Read(ScheduleGroupName) ?? "default";
        if (!ScheduleGroupPattern().IsMatch(scheduleGroup))
        {
            throw new InvalidScalerConfigurationException(ScheduleGroupName, $"'{scheduleGroup}' is not a schedule group name", "use the group's name (1-64 letters, digits, '-', '_', '.'), not its ARN, or unset it for 'default'");
        }

        var functionArn = Read(ScalerFunctionArn);
        if (functionArn is not null && !FunctionArnPattern().IsMatch(functionArn))
        {
            throw new InvalidScalerConfigurationException(ScalerFunctionArn, $"'{functionArn}' is not a Lambda function ARN", "use the full ARN, e.g. arn:aws:lambda:ap-northeast-1:123456789012:function:langfuse-scaler, or unset it to target the invoked function");
        }

        var roleArn = Read(SchedulerRole);
        if (roleArn is not null && !RoleArnPattern().IsMatch(roleArn))
        {
            throw new InvalidScalerConfigurationException(SchedulerRole, $"'{roleArn}' is not an IAM role ARN", "use the ARN of the role EventBridge Scheduler assumes, e.g. arn:aws:iam::123456789012:role/langfuse-scheduler, or unset it to refuse wake-for-hours");
        }

        return new ScalerConfiguration(topology, settings, Read(EventBus), scheduleGroup, functionArn, roleArn, Read(LeaseTable));
    }

    // Shapes from the services' own constraints: Scheduler group names, Lambda function ARNs (an optional version or alias), IAM role ARNs (with a path).
    [GeneratedRegex("^[0-9a-zA-Z_.-]{1,64}$")]
    private static partial Regex ScheduleGroupPattern();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]+))?$")]
    private static partial Regex FunctionArnPattern();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:iam::\d{12}:role/([\x21-\x7E]+/)?[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleArnPattern();

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

    /// <summary>Seconds between polls of a real service, decimals allowed ("0.05" against a local emulator). Never 0: a zero
    /// pause polls DescribeServices or the health URL as fast as the CPU allows, which throttles AWS and starves a shared machine.</summary>
    private static TimeSpan ReadPollInterval(string? value, string name, int defaultSeconds)
    {
        const decimal minimum = 0.05m, maximum = 300;
        if (value is null)
        {
            return TimeSpan.FromSeconds(defaultSeconds);
        }

        return decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum && seconds <= maximum
            ? TimeSpan.FromMilliseconds((double)(seconds * 1000))
            : throw new InvalidScalerConfigurationException(name, $"'{value}' is not a number of seconds from {minimum} to {maximum}", $"set e.g. {defaultSeconds} (or 0.05 against a local emulator), or unset it for the default {defaultSeconds}");
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
