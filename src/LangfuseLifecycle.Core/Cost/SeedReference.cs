using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Cost;

/// <summary>
/// The seed talk's monthly figures (ap-northeast-1) and the configuration each describes, so the calculator's own
/// figures can be printed beside them. The talk gives approximate totals only; sizes it does not state are our assumptions.
/// </summary>
public sealed record SeedReference(string Name, string Description, decimal ReferenceMonthlyUsd, bool ComparesScheduled, BackendCostInput Input)
{
    public const string Region = "ap-northeast-1";

    public static IReadOnlyList<SeedReference> All(int year, int month, SleepWakeSchedule? schedule = null)
    {
        var daytime = schedule ?? SleepWakeSchedule.BusinessHoursTokyo();
        var v2 = new BackendCostInput
        {
            Region = Region,
            Year = year,
            Month = month,
            Schedule = daytime,
            Web = new AppRunnerWebSpec(Vcpu: 1m, MemoryGb: 2m),
            Database = new AuroraServerlessSpec(AcuWhileAwake: 0.5m, AcuWhileAsleep: 0.5m, StorageGb: 10m),
        };
        var economy = v2 with
        {
            ClickHouse = new FargateServiceSpec(new FargateTaskSize(1m, 8m)),
            Worker = new FargateServiceSpec(new FargateTaskSize(1m, 2m), UseSpot: true),
            EfsStorageClass = EfsStorageClass.OneZone,
            ClickHouseDataGb = 10m,
            Cache = new CacheSpec(NodeType: "cache.t3.micro", Engine: "valkey"),
            S3StorageGb = 10m,
            SecretCount = 5,
            PrivateDnsNamespace = true,
        };
        var proper = economy with
        {
            Worker = new FargateServiceSpec(new FargateTaskSize(1m, 2m), UseSpot: false),
            EfsStorageClass = EfsStorageClass.Standard,
        };

        return
        [
            new SeedReference("v2", "App Runner 1 vCPU / 2 GB + Aurora Serverless v2 at 0.5 ACU", 60m, ComparesScheduled: false, v2),
            new SeedReference(
                "v3 economy",
                "v2 + Valkey (talk: cache.t2.micro; priced as cache.t3.micro, the smallest x86 node Valkey runs on) + EFS One Zone + worker on Fargate Spot, daytime use (ClickHouse on Fargate on demand here, never Spot)",
                100m,
                ComparesScheduled: true,
                economy),
            new SeedReference("v3 proper", "v3 economy with the worker on Fargate instead of Spot and EFS Standard, always on", 196m, ComparesScheduled: false, proper),
        ];
    }
}
