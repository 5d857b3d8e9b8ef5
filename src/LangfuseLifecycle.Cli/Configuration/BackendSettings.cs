using System.ComponentModel;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Configuration;

/// <summary>
/// Options of the commands that act on the v3 backend. Each one overrides what --stack supplies; without --stack the
/// same environment variables the scaler function reads (LANGFUSE_CLUSTER, CLICKHOUSE_SERVICE, ...) are used.
/// </summary>
public class BackendSettings : GlobalSettings
{
    [CommandOption("--cluster <CLUSTER>")]
    [Description("ECS cluster of the Langfuse backend (overrides the stack; env LANGFUSE_CLUSTER).")]
    public string? Cluster { get; set; }

    [CommandOption("--clickhouse-service <SERVICE>")]
    [Description("ClickHouse ECS service (env CLICKHOUSE_SERVICE).")]
    public string? ClickHouseService { get; set; }

    [CommandOption("--worker-services <SERVICES>")]
    [Description("Comma-separated worker ECS services (env WORKER_SERVICES).")]
    public string? WorkerServices { get; set; }

    [CommandOption("--file-system-id <FS_ID>")]
    [Description("EFS file system holding ClickHouse data, fs-... (env CLICKHOUSE_FILE_SYSTEM_ID).")]
    public string? FileSystemId { get; set; }

    [CommandOption("--timezone <IANA>")]
    [Description("Schedule time zone, e.g. Asia/Tokyo (env SCHEDULE_TIMEZONE).")]
    public string? TimeZone { get; set; }

    [CommandOption("--holidays <DATES>")]
    [Description("Holidays: yyyy-MM-dd dates or yyyy-MM-dd..yyyy-MM-dd ranges, comma-separated (env HOLIDAYS).")]
    public string? Holidays { get; set; }

    [CommandOption("--wake-cron <EXPRESSION>")]
    [Description("Scheduled wake, e.g. \"cron(0 8 ? * MON-FRI *)\" (env WAKE_SCHEDULE_EXPRESSION).")]
    public string? WakeCron { get; set; }

    [CommandOption("--sleep-cron <EXPRESSION>")]
    [Description("Scheduled sleep, e.g. \"cron(0 20 ? * MON-FRI *)\" (env SLEEP_SCHEDULE_EXPRESSION).")]
    public string? SleepCron { get; set; }
}
