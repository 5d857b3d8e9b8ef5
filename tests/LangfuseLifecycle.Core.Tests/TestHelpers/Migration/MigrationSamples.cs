using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

/// <summary>A consistent, valid v2 installation with its v3 backend provisioned; tests change one thing at a time.</summary>
internal static class MigrationSamples
{
    public const string Account = "123456789012";
    public const string WebServiceArn = "arn:aws:apprunner:eu-west-1:123456789012:service/langfuse/8fe1e10304f84fd2b0df550fe98a71fa";
    public const string VpcConnectorArn = "arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/langfuse-v3/1/0123456789abcdef";
    public const string StateMachineArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:langfuse-migration";
    public const string V2Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:2.95.1";
    public const string V3Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:3.29.0";
    public const string SecretPrefix = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:";

    public static ExecutionIdentity Execution(string name = "2026-11-29_v3") =>
        new(name, $"arn:aws:states:eu-west-1:123456789012:execution:langfuse-migration:{name}", StateMachineArn);

    public static MigrationSettings Settings() => new()
    {
        DatabaseIdentifier = "langfuse-db",
        WebServiceArn = WebServiceArn,
        V3WebImage = V3Image,
        EcsCluster = "langfuse",
        ClickHouseService = "clickhouse",
        WorkerService = "langfuse-worker",
        ClickHouseFileSystemId = "fs-0123456789abcdef0",
        VpcConnectorArn = VpcConnectorArn,
        ClickHouseUrl = "http://clickhouse.langfuse.local:8123",
        ClickHouseMigrationUrl = "clickhouse://clickhouse.langfuse.local:9000",
        ClickHouseUser = "langfuse",
        ClickHousePasswordSecretArn = SecretPrefix + "clickhouse-password-AbCdEf",
        RedisHost = "langfuse.abc123.euw1.cache.amazonaws.com",
        RedisPort = "6379",
        RedisAuthSecretArn = SecretPrefix + "redis-auth-AbCdEf",
        RedisTlsEnabled = "true",
        EventUploadBucket = "langfuse-events-123456789012",
        MediaUploadBucket = "langfuse-media-123456789012",
        S3Region = "eu-west-1",
        EncryptionKeySecretArn = SecretPrefix + "encryption-key-AbCdEf",
        WorkerHealthUrl = "http://worker.langfuse.local:3030/api/health",
        BackendOnFailure = "sleep",
    };

    public static WebConfiguration V2Configuration() => new()
    {
        ImageIdentifier = V2Image,
        ImageRepositoryType = "ECR",
        Port = "3000",
        EnvironmentVariables = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["NEXTAUTH_URL"] = "https://langfuse.example.com",
            ["HOSTNAME"] = "0.0.0.0",
        },
        EnvironmentSecrets = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["DATABASE_URL"] = SecretPrefix + "database-url-AbCdEf",
            ["NEXTAUTH_SECRET"] = SecretPrefix + "nextauth-AbCdEf",
            ["SALT"] = SecretPrefix + "salt-AbCdEf",
        },
        AccessRoleArn = "arn:aws:iam::123456789012:role/langfuse-apprunner-ecr",
        InstanceRoleArn = "arn:aws:iam::123456789012:role/langfuse-apprunner-instance",
        Cpu = "1024",
        Memory = "2048",
        HealthCheck = new WebHealthCheck("TCP", "/", 5, 2, 1, 5),
    };

    public static WebServiceObservation Web(string status = "RUNNING", WebConfiguration? configuration = null) =>
        new(WebServiceArn, "langfuse", status, "abc123.eu-west-1.awsapprunner.com", configuration ?? V2Configuration());

    public static MigrationObservation Observation() => new()
    {
        Database = new DatabaseObservation("langfuse-db", DatabaseKind.AuroraCluster, "available", "aurora-postgresql"),
        Web = Web(),
        ClickHouseService = new EcsServiceObservation("clickhouse", "ACTIVE", 0, 0, ["subnet-a", "subnet-b"]),
        WorkerService = new EcsServiceObservation("langfuse-worker", "ACTIVE", 0, 0, ["subnet-a", "subnet-b"], WorkerContainer()),
        FileSystem = new FileSystemObservation("fs-0123456789abcdef0", "available", "euw1-az1", ["subnet-a"]),
    };

    /// <summary>The worker as the backend stack defines it: same release and the same shared settings as the v3 web.</summary>
    public static ContainerObservation WorkerContainer() => new(
        "worker",
        "langfuse/langfuse-worker:3.29.0",
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["CLICKHOUSE_URL"] = "http://clickhouse.langfuse.local:8123",
            ["CLICKHOUSE_MIGRATION_URL"] = "clickhouse://clickhouse.langfuse.local:9000",
            ["CLICKHOUSE_USER"] = "langfuse",
            ["CLICKHOUSE_CLUSTER_ENABLED"] = "false",
            ["REDIS_HOST"] = "langfuse.abc123.euw1.cache.amazonaws.com",
            ["REDIS_PORT"] = "6379",
            ["REDIS_TLS_ENABLED"] = "true",
            ["LANGFUSE_S3_EVENT_UPLOAD_BUCKET"] = "langfuse-events-123456789012",
            ["LANGFUSE_S3_EVENT_UPLOAD_REGION"] = "eu-west-1",
            ["LANGFUSE_S3_MEDIA_UPLOAD_BUCKET"] = "langfuse-media-123456789012",
            ["LANGFUSE_S3_MEDIA_UPLOAD_REGION"] = "eu-west-1",
            ["LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS"] = "false",
        },
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["DATABASE_URL"] = SecretPrefix + "database-url-AbCdEf",
            ["CLICKHOUSE_PASSWORD"] = SecretPrefix + "clickhouse-password-AbCdEf",
            ["REDIS_AUTH"] = SecretPrefix + "redis-auth-AbCdEf::",
            ["SALT"] = SecretPrefix + "salt-AbCdEf",
            ["ENCRYPTION_KEY"] = SecretPrefix + "encryption-key-AbCdEf",
        });

    /// <summary>The sample observation with <paramref name="v2"/> as the web and a worker that follows whatever the v3 web built from it reads.</summary>
    public static MigrationObservation ObservationWithWeb(WebConfiguration v2, MigrationSettings? settings = null)
    {
        settings ??= Settings();
        var v3 = WebV3Configuration.Build(v2, settings, settings.V3WebImage ?? V3Image);
        var tag = LangfuseImage.TryParse(settings.V3WebImage, out var image) ? image.Tag : "3.29.0";
        var worker = new ContainerObservation("worker", $"langfuse/langfuse-worker:{tag}",
            v3.EnvironmentVariables.Where(pair => LangfuseSharedConfiguration.VariableNames.Contains(pair.Key)).ToDictionary(),
            v3.EnvironmentSecrets.Where(pair => LangfuseSharedConfiguration.VariableNames.Contains(pair.Key)).ToDictionary());
        var observation = Observation();
        return observation with { Web = Web(configuration: v2), WorkerService = observation.WorkerService! with { Container = worker } };
    }

    public static MigrationPlan Plan(MigrationSettings? settings = null) =>
        MigrationPreflight.Evaluate(settings ?? Settings(), Execution(), Observation()).Plan
        ?? throw new InvalidOperationException("The sample installation must pass preflight.");
}
