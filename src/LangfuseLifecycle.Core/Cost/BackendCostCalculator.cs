using System.Globalization;
using LangfuseLifecycle.Core.Cost.Exceptions;
using LangfuseLifecycle.Core.Cost.Prices;
using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Cost;

/// <summary>
/// Prices a Langfuse stack for one calendar month from the region price table. What sleeps on the schedule: the worker
/// and ClickHouse tasks (and, when asked, the App Runner web and an auto-pausing Aurora). What never sleeps: EFS storage,
/// the ElastiCache node, S3, secrets and the Cloud Map zone — they form the floor of a sleeping stack.
/// </summary>
public sealed class BackendCostCalculator
{
    private readonly PriceTable prices;

    public BackendCostCalculator(PriceTable prices)
    {
        this.prices = prices;
    }

    public CostComparison Compare(BackendCostInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        var (monthHours, awakeHours) = Hours(input);
        return new CostComparison(
            input.Region,
            input.Year,
            input.Month,
            monthHours,
            awakeHours,
            Price(input, monthHours, awakeHours, scheduled: false),
            Price(input, monthHours, awakeHours, scheduled: true));
    }

    /// <summary>Hours in the month (UTC) and hours awake under the schedule in that month.</summary>
    public static (decimal MonthHours, decimal AwakeHours) Hours(BackendCostInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateMonth(input);
        var start = new DateTime(input.Year, input.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = start.AddMonths(1);
        var awake = AwakeTimeCalculator.AwakeTime(input.Schedule, start, end);
        return (ToHours(end - start), ToHours(awake));
    }

    private CostEstimate Price(BackendCostInput input, decimal monthHours, decimal awakeHours, bool scheduled)
    {
        var lines = new List<CostLine>();
        var backendHours = scheduled ? awakeHours : monthHours;

        if (input.ClickHouse is { } clickHouse)
        {
            AddFargate(lines, input, "ClickHouse", "ClickHouse", clickHouse, backendHours);
        }

        if (input.Worker is { } worker)
        {
            AddFargate(lines, input, "Worker", "Worker", worker, backendHours);
        }

        if (input.ClickHouse is not null)
        {
            var storageItem = input.EfsStorageClass == EfsStorageClass.OneZone ? PriceItems.EfsOneZoneGbMonth : PriceItems.EfsStandardGbMonth;
            var storageName = input.EfsStorageClass == EfsStorageClass.OneZone ? "EFS One Zone storage" : "EFS Standard storage";
            AddLine(lines, "EFS", storageName, input.ClickHouseDataGb, "GB-month", Get(input, storageItem, "EfsStorageClass"));
            if (input.EfsReadGbPerMonth > 0m)
            {
                AddLine(lines, "EFS", "EFS Elastic throughput reads", input.EfsReadGbPerMonth, "GB", Get(input, PriceItems.EfsElasticReadGb, "EfsReadGbPerMonth"));
            }

            if (input.EfsWriteGbPerMonth > 0m)
            {
                AddLine(lines, "EFS", "EFS Elastic throughput writes", input.EfsWriteGbPerMonth, "GB", Get(input, PriceItems.EfsElasticWriteGb, "EfsWriteGbPerMonth"));
            }
        }

        if (input.Cache is { } cache)
        {
            var price = Get(input, PriceItems.CacheNodeHour(cache.Engine, cache.NodeType), "Cache.NodeType");
            AddLine(lines, "ElastiCache", $"{cache.Engine} {cache.NodeType} × {cache.NodeCount} (never sleeps)", cache.NodeCount * monthHours, "node-hours", price);
        }

        if (input.S3StorageGb > 0m)
        {
            AddLine(lines, "S3", "S3 Standard storage (events, media)", input.S3StorageGb, "GB-month", Get(input, PriceItems.S3StandardGbMonth, "S3StorageGb"));
        }

        if (input.SecretCount > 0)
        {
            AddLine(lines, "Secrets Manager", "secrets", input.SecretCount, "secret-months", Get(input, PriceItems.SecretMonth, "SecretCount"));
        }

        if (input.PrivateDnsNamespace)
        {
            AddLine(lines, "Cloud Map", "private DNS namespace (Route 53 private hosted zone)", 1m, "zone-month", Get(input, PriceItems.HostedZoneMonth, "PrivateDnsNamespace"));
        }

        if (input.Web is { } web)
        {
            var idleHours = scheduled && web.PausedWhileAsleep ? 0m : monthHours - awakeHours;
            AddLine(lines, "App Runner", "active vCPU (while in use)", web.Vcpu * awakeHours, "vCPU-hours", Get(input, PriceItems.AppRunnerActiveVcpuHour, "Web.Vcpu"));
            AddLine(lines, "App Runner", "active memory (while in use)", web.MemoryGb * awakeHours, "GB-hours", Get(input, PriceItems.AppRunnerActiveGbHour, "Web.MemoryGb"));
            AddLine(lines, "App Runner", scheduled && web.PausedWhileAsleep ? "provisioned memory (paused while asleep)" : "provisioned memory (idle)", web.MemoryGb * idleHours, "GB-hours", Get(input, PriceItems.AppRunnerProvisionedGbHour, "Web.MemoryGb"));
        }

        if (input.Database is { } database)
        {
            var acuHours = scheduled
                ? database.AcuWhileAwake * awakeHours + database.AcuWhileAsleep * (monthHours - awakeHours)
                : database.AcuWhileAwake * monthHours;
            AddLine(lines, "Aurora", "Serverless v2 capacity", acuHours, "ACU-hours", Get(input, PriceItems.AuroraServerlessV2AcuHour, "Database.AcuWhileAwake"));
            AddLine(lines, "Aurora", "storage", database.StorageGb, "GB-month", Get(input, PriceItems.AuroraStorageGbMonth, "Database.StorageGb"));
        }

        return new CostEstimate(lines);
    }

    private void AddFargate(List<CostLine> lines, BackendCostInput input, string component, string field, FargateServiceSpec service, decimal hours)
    {
        var vcpuPrice = Get(input, PriceItems.FargateVcpuHour(service.Architecture), $"{field}.Architecture");
        var memoryPrice = Get(input, PriceItems.FargateGbHour(service.Architecture), $"{field}.Architecture");
        var taskHours = service.TaskCount * hours;
        var capacity = service.UseSpot ? "Fargate Spot" : "Fargate";
        var arch = service.Architecture == CpuArchitecture.Arm64 ? "arm64" : "x86_64";
        if (service.UseSpot)
        {
            var (discount, discountMark) = SpotDiscount(input);
            var factor = 1m - discount;
            lines.Add(new CostLine(component, $"{capacity} {arch} vCPU ({service.TaskSize}, {Percent(discount)} off)", service.TaskSize.Vcpu * taskHours, "vCPU-hours", vcpuPrice.Value * factor, service.TaskSize.Vcpu * taskHours * vcpuPrice.Value * factor, vcpuPrice.VerificationMark + discountMark));
            lines.Add(new CostLine(component, $"{capacity} {arch} memory ({service.TaskSize}, {Percent(discount)} off)", service.TaskSize.MemoryGb * taskHours, "GB-hours", memoryPrice.Value * factor, service.TaskSize.MemoryGb * taskHours * memoryPrice.Value * factor, memoryPrice.VerificationMark + discountMark));
            return;
        }

        AddLine(lines, component, $"{capacity} {arch} vCPU ({service.TaskSize})", service.TaskSize.Vcpu * taskHours, "vCPU-hours", vcpuPrice);
        AddLine(lines, component, $"{capacity} {arch} memory ({service.TaskSize})", service.TaskSize.MemoryGb * taskHours, "GB-hours", memoryPrice);
    }

    private (decimal Discount, string Mark) SpotDiscount(BackendCostInput input)
    {
        if (input.SpotDiscount is { } overridden)
        {
            return (overridden, "A");
        }

        var entry = Get(input, PriceItems.SpotDiscount, "SpotDiscount");
        return (entry.Value, entry.VerificationMark);
    }

    private PriceEntry Get(BackendCostInput input, string item, string field) => prices.Get(input.Region, item, field);

    private static void AddLine(List<CostLine> lines, string component, string description, decimal quantity, string unit, PriceEntry price) =>
        lines.Add(new CostLine(component, description, quantity, unit, price.Value, quantity * price.Value, price.VerificationMark));

    private void Validate(BackendCostInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Region))
        {
            throw new InvalidCostInputException("Region", "a region is required, e.g. ap-northeast-1.");
        }

        prices.RequireRegion(input.Region, "Region");
        ValidateMonth(input);

        if (input.ClickHouse is { } clickHouse)
        {
            clickHouse.TaskSize.Validate("ClickHouse.TaskSize");
            if (clickHouse.UseSpot)
            {
                throw new InvalidCostInputException("ClickHouse.UseSpot", "ClickHouse never runs on Fargate Spot: an interrupted task stops the only writer of its EFS data. Set UseSpot to false.");
            }

            if (clickHouse.TaskCount != 1)
            {
                throw new InvalidCostInputException("ClickHouse.TaskCount", "ClickHouse runs exactly one task (two tasks on one EFS directory corrupt it). Set TaskCount to 1.");
            }
        }

        if (input.Worker is { } worker)
        {
            worker.TaskSize.Validate("Worker.TaskSize");
            if (worker.TaskCount < 1)
            {
                throw new InvalidCostInputException("Worker.TaskCount", "the worker needs at least 1 task while awake; leave Worker null to price no worker.");
            }

            if (worker.UseSpot && worker.Architecture == CpuArchitecture.Arm64)
            {
                throw new InvalidCostInputException("Worker.Architecture", "Fargate Spot runs only on x86_64 (no Graviton Spot); choose X86_64 with Spot, or Arm64 on demand.");
            }
        }

        if (input.Worker is not null && input.ClickHouse is null)
        {
            throw new InvalidCostInputException("ClickHouse", "a v3 worker needs ClickHouse; set ClickHouse, or leave Worker null to price a v2 stack.");
        }

        RequireNonNegative(input.ClickHouseDataGb, "ClickHouseDataGb");
        RequireNonNegative(input.EfsReadGbPerMonth, "EfsReadGbPerMonth");
        RequireNonNegative(input.EfsWriteGbPerMonth, "EfsWriteGbPerMonth");
        RequireNonNegative(input.S3StorageGb, "S3StorageGb");
        RequireNonNegative(input.SecretCount, "SecretCount");
        if (input.Cache is { NodeCount: < 1 })
        {
            throw new InvalidCostInputException("Cache.NodeCount", "a cache has at least 1 node; leave Cache null to price none.");
        }

        if (input.SpotDiscount is { } discount && (discount < 0m || discount >= 1m))
        {
            throw new InvalidCostInputException("SpotDiscount", $"{discount} must be a fraction from 0 up to (not including) 1, e.g. 0.6 for 60 % off.");
        }

        if (input.Web is { } web)
        {
            RequirePositive(web.Vcpu, "Web.Vcpu");
            RequirePositive(web.MemoryGb, "Web.MemoryGb");
        }

        if (input.Database is { } database)
        {
            RequireNonNegative(database.AcuWhileAwake, "Database.AcuWhileAwake");
            RequireNonNegative(database.AcuWhileAsleep, "Database.AcuWhileAsleep");
            RequireNonNegative(database.StorageGb, "Database.StorageGb");
        }
    }

    private static void ValidateMonth(BackendCostInput input)
    {
        if (input.Month is < 1 or > 12)
        {
            throw new InvalidCostInputException("Month", $"{input.Month} is not a month; use 1-12.");
        }

        if (input.Year is < CronExpression.MinYear or > CronExpression.MaxYear - 1)
        {
            throw new InvalidCostInputException("Year", $"{input.Year} is outside {CronExpression.MinYear}-{CronExpression.MaxYear - 1}.");
        }
    }

    private static void RequireNonNegative(decimal value, string field)
    {
        if (value < 0m)
        {
            throw new InvalidCostInputException(field, $"{value} must not be negative.");
        }
    }

    private static void RequirePositive(decimal value, string field)
    {
        if (value <= 0m)
        {
            throw new InvalidCostInputException(field, $"{value} must be greater than 0.");
        }
    }

    private static decimal ToHours(TimeSpan span) => (decimal)span.Ticks / TimeSpan.TicksPerHour;

    private static string Percent(decimal fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100m:0.#} %");
}
