namespace LangfuseLifecycle.Cli.Configuration;

/// <summary>
/// One deployment value: the scaler function's environment variable that holds it (also read from the CLI's own
/// environment) and the stack output or parameter keys that may hold it, most specific first.
/// </summary>
public sealed record DeploymentSetting(string Variable, params string[] StackKeys)
{
    public static readonly DeploymentSetting Cluster = new("LANGFUSE_CLUSTER", "BackendLangfuseCluster", "LangfuseCluster");
    public static readonly DeploymentSetting ClickHouseService = new("CLICKHOUSE_SERVICE", "BackendClickHouseService", "ClickHouseService");
    public static readonly DeploymentSetting WorkerServices = new("WORKER_SERVICES", "BackendWorkerServices", "WorkerServices");
    public static readonly DeploymentSetting FileSystemId = new("CLICKHOUSE_FILE_SYSTEM_ID", "BackendClickHouseFileSystemId", "ClickHouseFileSystemId");
    public static readonly DeploymentSetting ClickHouseHealthUrl = new("CLICKHOUSE_HEALTH_URL", "BackendClickHouseHealthUrl", "ClickHouseHealthUrl");
    public static readonly DeploymentSetting WorkerHealthUrl = new("WORKER_HEALTH_URL", "BackendWorkerHealthUrl", "WorkerHealthUrl");
    public static readonly DeploymentSetting TimeZone = new("SCHEDULE_TIMEZONE", "ScheduleTimezone", "ScheduleTimeZone");
    public static readonly DeploymentSetting Holidays = new("HOLIDAYS", "Holidays");
    public static readonly DeploymentSetting WakeExpression = new("WAKE_SCHEDULE_EXPRESSION", "WakeScheduleExpression", "WakeSchedule");
    public static readonly DeploymentSetting SleepExpression = new("SLEEP_SCHEDULE_EXPRESSION", "SleepScheduleExpression", "SleepSchedule");
    public static readonly DeploymentSetting ScalerFunctionArn = new("SCALER_FUNCTION_ARN", "ScalerFunctionArn", "ScalerFunctionName");
    public static readonly DeploymentSetting SchedulerRoleArn = new("SCHEDULER_ROLE_ARN", "ScalerSchedulerRoleArn", "SchedulerRoleArn");
    public static readonly DeploymentSetting ScheduleGroup = new("SCHEDULE_GROUP", "ScalerScheduleGroupName", "ScheduleGroup");
    public static readonly DeploymentSetting EventBusName = new("EVENT_BUS_NAME", "ScalerEventBusName", "EventBusName");
    public static readonly DeploymentSetting DefaultDesiredCount = new("DEFAULT_DESIRED_COUNT", "DefaultDesiredCount");
    public static readonly DeploymentSetting LeaseTable = new("LEASE_TABLE_NAME", "BackendLeaseTableName", "LeaseTableName");
    public static readonly DeploymentSetting NotificationTopicArn = new("NOTIFICATION_TOPIC_ARN", "NotificationTopicArn");
    public static readonly DeploymentSetting AlarmNames = new("ALARM_NAMES", "AlarmNames");
    public static readonly DeploymentSetting MigrationStateMachineArn = new("MIGRATION_STATE_MACHINE_ARN", "MigrationStateMachineArn", "MigrationStateMachine");

    /// <summary>Everything the scaler function reads from its environment, so a local run has the Lambda's configuration.</summary>
    public static IReadOnlyList<DeploymentSetting> ScalerSettings { get; } =
    [
        Cluster, ClickHouseService, WorkerServices, FileSystemId, ClickHouseHealthUrl, WorkerHealthUrl, TimeZone, Holidays,
        ScalerFunctionArn, SchedulerRoleArn, ScheduleGroup, EventBusName, DefaultDesiredCount, LeaseTable,
    ];

    /// <summary>Tuning variables taken from the CLI's environment only (never from a stack): wait intervals and limits.</summary>
    public static IReadOnlyList<string> EnvironmentOnlyVariables { get; } =
    [
        "SERVICE_POLL_INTERVAL_SECONDS", "HEALTH_POLL_INTERVAL_SECONDS", "MAX_WAIT_PER_STAGE_SECONDS", "MAX_FOR_HOURS",
    ];
}
