using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Cost;

/// <summary>
/// The documented configurations that bring a whole v3 stack (web, Aurora and backend) to at most $60 a month,
/// the seed's v2 price. Both assume the App Runner web is paused at night and Aurora may auto-pause (min 0 ACU) —
/// operator steps outside this product's scheduler, listed in docs/cost.md.
/// </summary>
public static class LowCostPreset
{
    /// <summary>us-east-1: Monday-Friday 09:00-19:00 America/New_York.</summary>
    public static BackendCostInput NorthVirginia(int year, int month) => Build(
        "us-east-1",
        year,
        month,
        SleepWakeSchedule.Create("cron(0 9 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "America/New_York"));

    /// <summary>ap-northeast-1: Monday-Friday 10:00-18:00 Asia/Tokyo (Tokyo's higher prices need the shorter day).</summary>
    public static BackendCostInput Tokyo(int year, int month) => Build(
        "ap-northeast-1",
        year,
        month,
        SleepWakeSchedule.Create("cron(0 10 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", "Asia/Tokyo"));

    private static BackendCostInput Build(string region, int year, int month, SleepWakeSchedule schedule) => new()
    {
        Region = region,
        Year = year,
        Month = month,
        Schedule = schedule,
        ClickHouse = new FargateServiceSpec(new FargateTaskSize(1m, 8m), Architecture: CpuArchitecture.Arm64),
        Worker = new FargateServiceSpec(new FargateTaskSize(0.5m, 1m), UseSpot: true),
        EfsStorageClass = EfsStorageClass.OneZone,
        ClickHouseDataGb = 10m,
        Cache = new CacheSpec("cache.t4g.micro", "valkey"),
        S3StorageGb = 5m,
        SecretCount = 5,
        PrivateDnsNamespace = true,
        Web = new AppRunnerWebSpec(Vcpu: 0.5m, MemoryGb: 1m, PausedWhileAsleep: true),
        Database = new AuroraServerlessSpec(AcuWhileAwake: 0.5m, AcuWhileAsleep: 0m, StorageGb: 10m),
    };
}
