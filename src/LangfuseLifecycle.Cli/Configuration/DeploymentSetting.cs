using LangfuseLifecycle.Functions.Configuration;

namespace LangfuseLifecycle.Cli.Configuration;

/// <summary>
/// One deployment value: the scaler function's environment variable that holds it (also read from the CLI's own
/// environment) and the stack output or parameter keys that may hold it, most specific first. The variable names are
/// <see cref="ScalerConfiguration"/>'s constants, so the CLI and the function cannot drift apart.
/// </summary>
public sealed record DeploymentSetting(string Variable, params string[] StackKeys)
{
    public static readonly DeploymentSetting Cluster = new(ScalerConfiguration.Cluster, "BackendLangfuseCluster", "LangfuseCluster");
    public static readonly DeploymentSetting ClickHouseService = new(ScalerConfiguration.ClickHouseService, "BackendClickHouseService", "ClickHouseService");
    public static readonly DeploymentSetting WorkerServices = new(ScalerConfiguration.WorkerServices, "BackendWorkerServices", "WorkerServices");
    public static readonly DeploymentSetting FileSystemId = new(ScalerConfiguration.ClickHouseFileSystemId, "BackendClickHouseFileSystemId", "ClickHouseFileSystemId");
    public static readonly DeploymentSetting ClickHouseHealthUrl = new(ScalerConfiguration.ClickHouseHealthUrl, "BackendClickHouseHealthUrl", "ClickHouseHealthUrl");
    public static readonly DeploymentSetting WorkerHealthUrl = new(ScalerConfiguration.WorkerHealthUrl, "BackendWorkerHealthUrl", "WorkerHealthUrl");
    public static readonly DeploymentSetting TimeZone = new(ScalerConfiguration.ScheduleTimezone, "ScheduleTimezone", "ScheduleTimeZone");
    public static readonly DeploymentSetting Holidays = new(ScalerConfiguration.Holidays, "Holidays");
    public static readonly DeploymentSetting WakeExpression = new("WAKE_SCHEDULE_EXPRESSION", "WakeScheduleExpression", "WakeSchedule");
    public static readonly DeploymentSetting SleepExpression = new("SLEEP_SCHEDULE_EXPRESSION", "SleepScheduleExpression", "SleepSchedule");
    public static readonly DeploymentSetting ScalerFunctionArn = new(ScalerConfiguration.ScalerFunctionArn, "ScalerFunctionArn", "ScalerFunctionName");
    public static readonly DeploymentSetting SchedulerRoleArn = new(ScalerConfiguration.SchedulerRole, "ScalerSchedulerRoleArn", "SchedulerRoleArn");
    public static readonly DeploymentSetting ScheduleGroup = new(ScalerConfiguration.ScheduleGroupName, "ScalerScheduleGroupName", "ScheduleGroup");
    public static readonly DeploymentSetting EventBusName = new(ScalerConfiguration.EventBus, "ScalerEventBusName", "EventBusName");
    public static readonly DeploymentSetting DefaultDesiredCount = new(ScalerConfiguration.DefaultDesiredCount, "DefaultDesiredCount");
    public static readonly DeploymentSetting LeaseTable = new(ScalerConfiguration.LeaseTable, "BackendLeaseTableName", "LeaseTableName");
    public static readonly DeploymentSetting NotificationTopicArn = new("NOTIFICATION_TOPIC_ARN", "NotificationTopicArn");
    public static readonly DeploymentSetting AlarmNames = new("ALARM_NAMES", "AlarmNames");
    public static readonly DeploymentSetting MigrationStateMachineArn = new("MIGRATION_STATE_MACHINE_ARN", "MigrationStateMachineArn", "MigrationStateMachine");

    /// <summary>Everything the scaler function reads from its environment, so a local run has the Lambda's configuration.</summary>
    public static IReadOnlyList<DeploymentSetting> ScalerVariables { get; } =
    [
        Cluster, ClickHouseService, WorkerServices, FileSystemId, ClickHouseHealthUrl, WorkerHealthUrl, TimeZone, Holidays,
        ScalerFunctionArn, SchedulerRoleArn, ScheduleGroup, EventBusName, DefaultDesiredCount, LeaseTable,
    ];

    /// <summary>Tuning variables taken from the CLI's environment only (never from a stack): wait intervals and limits.</summary>
    public static IReadOnlyList<string> EnvironmentOnlyVariables { get; } =
    [
        ScalerConfiguration.ServicePollSeconds, ScalerConfiguration.HealthPollSeconds, ScalerConfiguration.MaxWaitPerStageSeconds, ScalerConfiguration.MaxForHours,
    ];
}
