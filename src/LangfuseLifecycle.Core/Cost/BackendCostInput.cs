using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Cost;

/// <summary>A Fargate service: task size, task count, CPU architecture and whether it runs on Fargate Spot.</summary>
public sealed record FargateServiceSpec(FargateTaskSize TaskSize, int TaskCount = 1, CpuArchitecture Architecture = CpuArchitecture.X86_64, bool UseSpot = false);

/// <summary>ElastiCache node-based cache (it cannot sleep: it sets part of the floor).</summary>
public sealed record CacheSpec(string NodeType = "cache.t4g.micro", string Engine = "valkey", int NodeCount = 1);

/// <summary>
/// The v3 web on App Runner. It is active (vCPU + memory) while the team works — the schedule's awake hours — and
/// provisioned (memory only) otherwise, unless <see cref="PausedWhileAsleep"/> (App Runner PauseService at night; not done by this product's scheduler).
/// </summary>
public sealed record AppRunnerWebSpec(decimal Vcpu = 1m, decimal MemoryGb = 2m, bool PausedWhileAsleep = false);

/// <summary>
/// Aurora Serverless v2 (PostgreSQL). <see cref="AcuWhileAsleep"/> 0 models auto-pause (min capacity 0), which only happens
/// when nothing holds a connection open — i.e. the web is paused too.
/// </summary>
public sealed record AuroraServerlessSpec(decimal AcuWhileAwake = 0.5m, decimal AcuWhileAsleep = 0.5m, decimal StorageGb = 10m);

/// <summary>Everything the calculator prices for one calendar month (UTC, as AWS bills).</summary>
public sealed record BackendCostInput
{
    public required string Region { get; init; }

    public required int Year { get; init; }

    public required int Month { get; init; }

    /// <summary>When the backend (worker, ClickHouse) is awake and the team uses the web.</summary>
    public required SleepWakeSchedule Schedule { get; init; }

    /// <summary>ClickHouse task; null prices a v2 stack (no v3 backend). ClickHouse never runs on Spot.</summary>
    public FargateServiceSpec? ClickHouse { get; init; }

    public FargateServiceSpec? Worker { get; init; }

    public EfsStorageClass EfsStorageClass { get; init; } = EfsStorageClass.OneZone;

    /// <summary>ClickHouse data on EFS, GB (average over the month).</summary>
    public decimal ClickHouseDataGb { get; init; } = 10m;

    /// <summary>EFS Elastic throughput metered per GB; 0 leaves it out (and needs no price for it).</summary>
    public decimal EfsReadGbPerMonth { get; init; }

    public decimal EfsWriteGbPerMonth { get; init; }

    public CacheSpec? Cache { get; init; }

    /// <summary>Event and media objects in S3, GB.</summary>
    public decimal S3StorageGb { get; init; }

    /// <summary>Secrets Manager secrets (create mode makes 5: ClickHouse password, NEXTAUTH_SECRET, SALT, ENCRYPTION_KEY, Valkey auth token).</summary>
    public int SecretCount { get; init; }

    /// <summary>Cloud Map private DNS namespace (a Route 53 private hosted zone).</summary>
    public bool PrivateDnsNamespace { get; init; }

    public AppRunnerWebSpec? Web { get; init; }

    public AuroraServerlessSpec? Database { get; init; }

    /// <summary>Fargate Spot discount as a fraction (0.6 = 60 % off); null uses the table's assumption for the region.</summary>
    public decimal? SpotDiscount { get; init; }
}
