using System.Globalization;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Core.Cost;
using LangfuseLifecycle.Core.Cost.Exceptions;
using LangfuseLifecycle.Core.Cost.Prices;
using LangfuseLifecycle.Core.Cost.Schedule;
using LangfuseLifecycle.Cli.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Cost;

/// <summary>
/// <c>cost</c>: prices the backend for one month with <see cref="BackendCostCalculator"/>, always on versus the schedule,
/// from the deployed configuration (ECS task definitions, EFS) when a stack or cluster is given, else from flags.
/// </summary>
public sealed class CostCommand(CliContext context) : AsyncCommand<CostSettings>
{
    public const string DefaultRegion = SeedReference.Region;

    private static readonly Dictionary<string, string> FlagsByField = new(StringComparer.Ordinal)
    {
        ["Region"] = "--region",
        ["WakeExpression"] = "--wake-cron",
        ["SleepExpression"] = "--sleep-cron",
        ["TimeZone"] = "--timezone",
        ["ClickHouse.TaskSize"] = "--clickhouse-size",
        ["ClickHouse.Architecture"] = "--clickhouse-arm64",
        ["Worker.TaskSize"] = "--worker-size",
        ["Worker.TaskCount"] = "--worker-count",
        ["Worker.Architecture"] = "--worker-on-demand",
        ["Cache.NodeType"] = "--cache-node",
        ["ClickHouseDataGb"] = "--data-gb",
        ["EfsStorageClass"] = "--efs",
    };

    public override async Task<int> ExecuteAsync(CommandContext commandContext, CostSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await PriceAsync(settings, cancellationToken).ConfigureAwait(false);
        }
        catch (CostModelException exception) when (FlagsByField.TryGetValue(exception.Field, out var flag))
        {
            // The model names its input fields; the operator typed flags.
            throw new CliUsageException($"{flag}: {exception.Message[(exception.Field.Length + 2)..]} (model field {exception.Field})");
        }
    }

    private async Task<int> PriceAsync(CostSettings settings, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var (year, month) = settings.Month is { } text
            ? (int.Parse(text[..4], CultureInfo.InvariantCulture), int.Parse(text[5..7], CultureInfo.InvariantCulture))
            : (now.Year, now.Month);

        var readsDeployment = settings.Stack is not null || settings.Cluster is not null || context.GetVariable(DeploymentSetting.Cluster.Variable) is not null;
        var assumptions = new List<string>();
        Deployment? deployment = null;
        DeployedBackend? deployed = null;
        string region;
        if (readsDeployment)
        {
            deployment = await Deployment.ResolveAsync(settings, context, cancellationToken).ConfigureAwait(false);
            region = deployment.Aws.Region;
            var cluster = deployment.Require(DeploymentSetting.Cluster, settings.Cluster, "--cluster", "ECS cluster");
            var clickHouse = deployment.Require(DeploymentSetting.ClickHouseService, settings.ClickHouseService, "--clickhouse-service", "ClickHouse service");
            var workers = deployment.Require(DeploymentSetting.WorkerServices, settings.WorkerServices, "--worker-services", "worker services")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var fileSystem = deployment.Require(DeploymentSetting.FileSystemId, settings.FileSystemId, "--file-system-id", "ClickHouse file system");
            deployed = await new DeployedBackendReader(new AmazonECSClient(deployment.Aws), new AmazonElasticFileSystemClient(deployment.Aws))
                .ReadAsync(cluster, clickHouse, workers, fileSystem, cancellationToken).ConfigureAwait(false);
            assumptions.AddRange(deployed.Notes);
        }
        else
        {
            region = settings.Region ?? context.GetVariable("AWS_REGION") ?? context.GetVariable("AWS_DEFAULT_REGION") ?? DefaultRegion;
        }

        var schedule = deployment is not null
            ? (await ScheduleSource.ResolveDeployedAsync(settings, deployment, context.GetVariable, assumptions, null, cancellationToken).ConfigureAwait(false)).Schedule
            : ScheduleSource.Resolve(settings, deployment, context.GetVariable, assumptions);
        var clickHouseSpec = deployed?.ClickHouse ?? new FargateServiceSpec(new FargateTaskSize(1m, 8m));
        if (settings.ClickHouseSize is { } clickHouseSize)
        {
            clickHouseSpec = clickHouseSpec with { TaskSize = TaskSizeText.TryParse(clickHouseSize)! };
        }

        if (settings.ClickHouseArm64 is { } arm)
        {
            clickHouseSpec = clickHouseSpec with { Architecture = arm ? CpuArchitecture.Arm64 : CpuArchitecture.X86_64 };
        }

        var workerSpec = deployed?.Worker ?? new FargateServiceSpec(new FargateTaskSize(1m, 2m), UseSpot: true);
        if (settings.WorkerSize is { } workerSize)
        {
            workerSpec = workerSpec with { TaskSize = TaskSizeText.TryParse(workerSize)! };
        }

        if (settings.WorkerCount is { } count)
        {
            workerSpec = workerSpec with { TaskCount = count };
        }

        if (settings.WorkerOnDemand is { } onDemand)
        {
            workerSpec = workerSpec with { UseSpot = !onDemand };
        }

        var storageClass = settings.Efs switch
        {
            "standard" => EfsStorageClass.Standard,
            "one-zone" => EfsStorageClass.OneZone,
            _ => deployed?.StorageClass ?? EfsStorageClass.OneZone,
        };
        var dataGb = settings.DataGb ?? deployed?.DataGb ?? 10m;
        var input = new BackendCostInput
        {
            Region = region,
            Year = year,
            Month = month,
            Schedule = schedule,
            ClickHouse = clickHouseSpec,
            Worker = workerSpec,
            EfsStorageClass = storageClass,
            ClickHouseDataGb = dataGb,
            Cache = new CacheSpec(settings.CacheNode ?? "cache.t4g.micro"),
            S3StorageGb = 10m,
            SecretCount = 5,
            PrivateDnsNamespace = true,
            Web = settings.WithWeb ? new AppRunnerWebSpec() : null,
            Database = settings.WithWeb ? new AuroraServerlessSpec() : null,
        };
        assumptions.Add($"EFS data {dataGb.ToString("0.##", CultureInfo.InvariantCulture)} GB; S3 10 GB; 5 secrets; Cloud Map namespace; Valkey {input.Cache.NodeType} never sleeps");
        if (!settings.WithWeb)
        {
            assumptions.Add("web (App Runner) and database (Aurora) not included: add --with-web");
        }

        var calculator = new BackendCostCalculator(PriceTable.Default);
        var comparison = calculator.Compare(input);
        var seedRows = SeedReference.All(year, month)
            .Select(reference => (Reference: reference, Comparison: calculator.Compare(reference.Input)))
            .Select(row => new SeedComparisonRow(
                row.Reference.Name,
                row.Reference.Description,
                row.Reference.ReferenceMonthlyUsd,
                row.Reference.ComparesScheduled,
                row.Comparison.AlwaysOn.TotalRoundedToCents,
                row.Comparison.Scheduled.TotalRoundedToCents))
            .ToList();
        var report = new CostReport(deployed is null ? "flags" : "deployed", assumptions, comparison, seedRows);

        if (settings.Json)
        {
            JsonOutput.Write(context, report, json => json.CostReport);
        }
        else
        {
            CostRenderer.Render(context.Console, report);
        }

        return ExitCodes.Ok;
    }
}
