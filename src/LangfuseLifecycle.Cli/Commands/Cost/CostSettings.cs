using System.ComponentModel;
using System.Globalization;
using LangfuseLifecycle.Cli.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Cost;

public sealed class CostSettings : BackendSettings
{
    [CommandOption("--month <YYYY-MM>")]
    [Description("Calendar month to price (UTC, as AWS bills). Default: the current month.")]
    public string? Month { get; set; }

    [CommandOption("--clickhouse-size <VCPUxGB>")]
    [Description("ClickHouse task size, e.g. 1x8 (default: the deployed task definition, else 1x8).")]
    public string? ClickHouseSize { get; set; }

    [CommandOption("--clickhouse-arm64")]
    [Description("Price ClickHouse on Graviton (arm64).")]
    public bool? ClickHouseArm64 { get; set; }

    [CommandOption("--worker-size <VCPUxGB>")]
    [Description("Worker task size, e.g. 1x2 (default: the deployed task definition, else 1x2).")]
    public string? WorkerSize { get; set; }

    [CommandOption("--worker-count <N>")]
    [Description("Worker tasks while awake (default: deployed, else 1).")]
    public int? WorkerCount { get; set; }

    [CommandOption("--worker-on-demand")]
    [Description("Price the worker on Fargate instead of Fargate Spot.")]
    public bool? WorkerOnDemand { get; set; }

    [CommandOption("--efs <CLASS>")]
    [Description("one-zone or standard (default: deployed file system, else one-zone).")]
    public string? Efs { get; set; }

    [CommandOption("--data-gb <GB>")]
    [Description("ClickHouse data on EFS in GB (default: the file system's metered size, else 10).")]
    public decimal? DataGb { get; set; }

    [CommandOption("--cache-node <TYPE>")]
    [Description("ElastiCache Valkey node type (default cache.t4g.micro).")]
    public string? CacheNode { get; set; }

    [CommandOption("--with-web")]
    [Description("Also price the App Runner web (1 vCPU / 2 GB) and Aurora Serverless v2 (0.5 ACU).")]
    public bool WithWeb { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        if (Month is { } month && !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return ValidationResult.Error($"--month '{month}' is not a month: use yyyy-MM, e.g. --month 2026-12.");
        }

        if (Efs is { } efs && efs is not ("one-zone" or "standard"))
        {
            return ValidationResult.Error($"--efs '{efs}' is not a storage class: use --efs one-zone or --efs standard.");
        }

        if (WorkerCount is < 1 or > 100)
        {
            return ValidationResult.Error($"--worker-count {WorkerCount} is out of range: use 1 to 100.");
        }

        if (DataGb is < 0)
        {
            return ValidationResult.Error($"--data-gb {DataGb} is negative: give the ClickHouse data size in GB, e.g. --data-gb 20.");
        }

        foreach (var (flag, value) in new[] { ("--clickhouse-size", ClickHouseSize), ("--worker-size", WorkerSize) })
        {
            if (value is not null && TaskSizeText.TryParse(value) is null)
            {
                return ValidationResult.Error($"{flag} '{value}' is not a task size: write vCPU x GB, e.g. {flag} 1x8.");
            }
        }

        return ValidationResult.Success();
    }
}
