using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Emulation.Iam;
using LangfuseLifecycle.Emulation.Health;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>
/// A Langfuse v2 installation with its v3 backend provisioned and asleep, as the migration finds it: on moto an Aurora
/// PostgreSQL cluster, a VPC with subnets in two AZs, an EFS One Zone file system in the first, an ECS cluster with the
/// ClickHouse and worker services at 0 (ClickHouse's subnets drifted across both AZs), and the migration state machine
/// (for preflight's "no other execution running" check); on the App Runner emulator the v2 web; on the health
/// emulator ClickHouse's /ping and the worker's /api/health.
/// </summary>
public sealed class MigrationDemoInstallation : IAsyncDisposable
{
    public const string V2Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/langfuse:2.95.1";
    public const string V3Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/langfuse:3.29.0";
    public const string Cluster = "langfuse";
    public const string ClickHouseService = "langfuse-clickhouse";
    public const string WorkerService = "langfuse-worker";
    public const string DatabaseIdentifier = "langfuse-db";
    public const string StateMachineName = MigrationStackFunctions.StackName + "-MigrationStateMachine";

    private const string SecretPrefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:langfuse-";

    private MigrationDemoInstallation(Uri motoEndpoint, AppRunnerStandIn appRunner, IamSimulatorStandIn iam, HealthEndpointStandIn health, SeededAppRunnerService web,
        string fileSystemId, string fileSystemZone, string stateMachineArn)
    {
        MotoEndpoint = motoEndpoint;
        AppRunner = appRunner;
        Iam = iam;
        Health = health;
        Web = web;
        FileSystemId = fileSystemId;
        FileSystemZone = fileSystemZone;
        StateMachineArn = stateMachineArn;
    }

    public Uri MotoEndpoint { get; }
    public AppRunnerStandIn AppRunner { get; }
    /// <summary>moto has no IAM policy simulator: preflight's secret-readability check asks this stand-in, which allows everything.</summary>
    public IamSimulatorStandIn Iam { get; }
    public HealthEndpointStandIn Health { get; }
    public SeededAppRunnerService Web { get; }
    public string FileSystemId { get; }
    public string FileSystemZone { get; }
    public string StateMachineArn { get; }

    /// <summary>Resets moto and creates the installation on it; the emulators are this object's to dispose.</summary>
    public static async Task<MigrationDemoInstallation> CreateAsync(Uri motoEndpoint, string definitionJson, CancellationToken cancellationToken)
    {
        var moto = new MotoSeedRequests(motoEndpoint);
        await moto.ResetAsync(cancellationToken).ConfigureAwait(false);
        const string zoneA = MotoLangfuseEnvironment.Region + "a";
        const string zoneB = MotoLangfuseEnvironment.Region + "b";

        var vpc = (await moto.Ec2Async("CreateVpc", cancellationToken, ("CidrBlock", "10.30.0.0/16")).ConfigureAwait(false)).Find("vpcId");
        var subnetA = (await moto.Ec2Async("CreateSubnet", cancellationToken, ("VpcId", vpc), ("CidrBlock", "10.30.1.0/24"), ("AvailabilityZone", zoneA)).ConfigureAwait(false)).Find("subnetId");
        var subnetB = (await moto.Ec2Async("CreateSubnet", cancellationToken, ("VpcId", vpc), ("CidrBlock", "10.30.2.0/24"), ("AvailabilityZone", zoneB)).ConfigureAwait(false)).Find("subnetId");
        var securityGroup = (await moto.Ec2Async("CreateSecurityGroup", cancellationToken, ("VpcId", vpc), ("GroupName", "langfuse-v3-backend"), ("GroupDescription", "Langfuse v3 backend")).ConfigureAwait(false)).Find("groupId");

        var fileSystem = await moto.RestJsonAsync(HttpMethod.Post, "elasticfilesystem", "/2015-02-01/file-systems",
            new JsonObject { ["CreationToken"] = "langfuse-clickhouse", ["AvailabilityZoneName"] = zoneA, ["Encrypted"] = true }, cancellationToken).ConfigureAwait(false);
        var fileSystemId = fileSystem["FileSystemId"]!.GetValue<string>();
        await moto.RestJsonAsync(HttpMethod.Post, "elasticfilesystem", "/2015-02-01/mount-targets", new JsonObject { ["FileSystemId"] = fileSystemId, ["SubnetId"] = subnetA }, cancellationToken).ConfigureAwait(false);

        await moto.QueryAsync("rds", "2014-10-31", "CreateDBCluster", cancellationToken,
            ("DBClusterIdentifier", DatabaseIdentifier), ("Engine", "aurora-postgresql"), ("EngineVersion", "15.4"),
            ("MasterUsername", "langfuse"), ("MasterUserPassword", "demo-password-only-on-moto")).ConfigureAwait(false);

        await moto.EcsAsync("CreateCluster", new JsonObject { ["clusterName"] = Cluster }, cancellationToken).ConfigureAwait(false);
        var health = HealthEndpointStandIn.Start();
        await RegisterTaskDefinitionAsync(moto, ClickHouseService, "clickhouse/clickhouse-server:24.8", [], [], cancellationToken).ConfigureAwait(false);
        // The worker reads the same Langfuse settings the stack gives the v3 web (preflight compares them variable by variable).
        await RegisterTaskDefinitionAsync(moto, WorkerService, "langfuse/langfuse-worker:3.29.0",
            [
                ("LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS", "false"),
                ("CLICKHOUSE_URL", ClickHouseUrl(health)),
                ("CLICKHOUSE_USER", ClickHouseUser),
                ("CLICKHOUSE_CLUSTER_ENABLED", "false"),
                ("REDIS_HOST", RedisHost),
                ("REDIS_PORT", "6379"),
                ("REDIS_TLS_ENABLED", "true"),
                ("LANGFUSE_S3_EVENT_UPLOAD_BUCKET", EventUploadBucket),
                ("LANGFUSE_S3_EVENT_UPLOAD_REGION", MotoLangfuseEnvironment.Region),
                ("LANGFUSE_S3_EVENT_UPLOAD_PREFIX", EventUploadPrefix),
                ("LANGFUSE_S3_MEDIA_UPLOAD_BUCKET", MediaUploadBucket),
                ("LANGFUSE_S3_MEDIA_UPLOAD_REGION", MotoLangfuseEnvironment.Region),
                ("LANGFUSE_S3_MEDIA_UPLOAD_PREFIX", MediaUploadPrefix),
            ],
            [
                ("DATABASE_URL", SecretPrefix + "database-url"),
                ("CLICKHOUSE_PASSWORD", SecretPrefix + "clickhouse-password"),
                ("SALT", SecretPrefix + "salt"),
                ("ENCRYPTION_KEY", SecretPrefix + "encryption-key"),
            ],
            cancellationToken).ConfigureAwait(false);
        foreach (var service in new[] { ClickHouseService, WorkerService })
        {
            await MotoLangfuseEnvironment.CreateServiceAsync(moto, Cluster, service, 0, [subnetA, subnetB], securityGroup, maximumPercent: 200, minimumHealthyPercent: 100, cancellationToken).ConfigureAwait(false);
        }

        var stateMachine = await moto.JsonAsync("states", "AWSStepFunctions.CreateStateMachine", new JsonObject
        {
            ["name"] = StateMachineName,
            ["definition"] = definitionJson,
            ["roleArn"] = $"arn:aws:iam::123456789012:role/{StateMachineName}Role",
        }, "1.0", cancellationToken).ConfigureAwait(false);
        var stateMachineArn = stateMachine["stateMachineArn"]!.GetValue<string>();

        var appRunner = AppRunnerStandIn.Start();
        var web = appRunner.SeedService(new AppRunnerServiceSeed("langfuse-web", V2Image)
        {
            ServiceUrlIsWebEndpoint = true,
            // A v2 web often holds secrets in plain variables: the migration must keep them out of the execution history.
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["NEXTAUTH_URL"] = "https://langfuse.example.com",
                ["HOSTNAME"] = "0.0.0.0",
                ["LANGFUSE_INIT_USER_PASSWORD"] = "plain-v2-init-password-5f1c",
            },
            Secrets = new Dictionary<string, string>
            {
                ["DATABASE_URL"] = SecretPrefix + "database-url",
                ["NEXTAUTH_SECRET"] = SecretPrefix + "nextauth",
                ["SALT"] = SecretPrefix + "salt",
            },
            AccessRoleArn = "arn:aws:iam::123456789012:role/langfuse-apprunner-ecr",
            InstanceRoleArn = "arn:aws:iam::123456789012:role/langfuse-web",
            HealthCheck = new AppRunnerHealthCheck("TCP", "/", 5, 2, 1, 5),
        });
        return new MigrationDemoInstallation(motoEndpoint, appRunner, IamSimulatorStandIn.Start(), health, web, fileSystemId, zoneA, stateMachineArn);
    }

    /// <summary>template.yaml's DefinitionSubstitutions for this installation: stack settings and function ARNs.</summary>
    public IReadOnlyDictionary<string, string> DefinitionSubstitutions(IEnumerable<LocalLambdaFunction> functions)
    {
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DatabaseIdentifier"] = DatabaseIdentifier,
            ["WebServiceArn"] = Web.ServiceArn,
            ["V3WebImage"] = V3Image,
            ["EcsClusterName"] = Cluster,
            ["ClickHouseServiceName"] = ClickHouseService,
            ["WorkerServiceName"] = WorkerService,
            ["ClickHouseFileSystemId"] = FileSystemId,
            ["VpcConnectorArn"] = "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/langfuse-v3/1/0123456789abcdef0123456789abcdef",
            ["WebInstanceRoleArn"] = "",
            ["ClickHouseUrl"] = ClickHouseUrl(Health),
            ["ClickHouseMigrationUrl"] = "clickhouse://clickhouse.langfuse.local:9000",
            ["ClickHouseUser"] = ClickHouseUser,
            ["ClickHousePasswordSecretArn"] = SecretPrefix + "clickhouse-password",
            ["RedisHost"] = RedisHost,
            ["RedisPort"] = "6379",
            ["RedisAuthSecretArn"] = "",
            ["RedisTlsEnabled"] = "true",
            ["EventUploadBucket"] = EventUploadBucket,
            ["MediaUploadBucket"] = MediaUploadBucket,
            ["EventUploadPrefix"] = EventUploadPrefix,
            ["MediaUploadPrefix"] = MediaUploadPrefix,
            ["V3WebImageAccessRoleArn"] = "",
            ["AwsRegion"] = MotoLangfuseEnvironment.Region,
            ["Partition"] = "aws",
            ["EncryptionKeySecretArn"] = SecretPrefix + "encryption-key",
            ["WorkerHealthUrl"] = Health.WorkerHealthUrl.ToString(),
            ["BackendOnFailure"] = "sleep",
            ["WebSecretsKmsKeyArn"] = "",
        };
        foreach (var function in functions)
        {
            var logicalId = function.FunctionName[(MigrationStackFunctions.StackName.Length + 1)..];
            substitutions[logicalId + "Arn"] = function.FunctionArn;
        }

        return substitutions;
    }

    public async ValueTask DisposeAsync()
    {
        await AppRunner.DisposeAsync().ConfigureAwait(false);
        await Iam.DisposeAsync().ConfigureAwait(false);
        await Health.DisposeAsync().ConfigureAwait(false);
    }

    private const string ClickHouseUser = "langfuse";
    private const string RedisHost = "langfuse-valkey.abc123.use1.cache.amazonaws.com";
    private const string EventUploadBucket = "langfuse-events-demo";
    private const string MediaUploadBucket = "langfuse-media-demo";
    private const string EventUploadPrefix = "events/";
    private const string MediaUploadPrefix = "media/";

    private static string ClickHouseUrl(HealthEndpointStandIn health) => health.BaseUri.GetLeftPart(UriPartial.Authority);

    private static Task RegisterTaskDefinitionAsync(MotoSeedRequests moto, string family, string image, (string Name, string Value)[] environment,
        (string Name, string ValueFrom)[] secrets, CancellationToken cancellationToken) =>
        moto.EcsAsync("RegisterTaskDefinition", new JsonObject
        {
            ["family"] = family,
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "1024",
            ["memory"] = family == ClickHouseService ? "8192" : "2048",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = family,
                ["image"] = image,
                ["essential"] = true,
                ["environment"] = new JsonArray([.. environment.Select(variable => (JsonNode?)new JsonObject { ["name"] = variable.Name, ["value"] = variable.Value })]),
                ["secrets"] = new JsonArray([.. secrets.Select(secret => (JsonNode?)new JsonObject { ["name"] = secret.Name, ["valueFrom"] = secret.ValueFrom })]),
            }),
        }, cancellationToken);
}
