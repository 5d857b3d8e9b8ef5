namespace LangfuseLifecycle.Core.Cost.Prices;

/// <summary>Item keys of prices.tsv. Keys are data, so a region missing one is reported, not guessed.</summary>
public static class PriceItems
{
    public const string SpotDiscount = "fargate.spot.discount";
    public const string EfsOneZoneGbMonth = "efs.one-zone.gb-month";
    public const string EfsStandardGbMonth = "efs.standard.gb-month";
    public const string EfsElasticReadGb = "efs.elastic.read-gb";
    public const string EfsElasticWriteGb = "efs.elastic.write-gb";
    public const string AppRunnerActiveVcpuHour = "apprunner.active.vcpu-hour";
    public const string AppRunnerActiveGbHour = "apprunner.active.gb-hour";
    public const string AppRunnerProvisionedGbHour = "apprunner.provisioned.gb-hour";
    public const string AuroraServerlessV2AcuHour = "aurora.serverless-v2.acu-hour";
    public const string AuroraStorageGbMonth = "aurora.storage.gb-month";
    public const string S3StandardGbMonth = "s3.standard.gb-month";
    public const string SecretMonth = "secretsmanager.secret-month";
    public const string HostedZoneMonth = "route53.hosted-zone-month";

    public static string FargateVcpuHour(CpuArchitecture architecture) => $"fargate.{ArchitectureKey(architecture)}.vcpu-hour";

    public static string FargateGbHour(CpuArchitecture architecture) => $"fargate.{ArchitectureKey(architecture)}.gb-hour";

    public static string CacheNodeHour(string engine, string nodeType) => $"elasticache.{engine}.{nodeType}.node-hour";

    private static string ArchitectureKey(CpuArchitecture architecture) =>
        architecture == CpuArchitecture.Arm64 ? "arm64" : "x86_64";
}
