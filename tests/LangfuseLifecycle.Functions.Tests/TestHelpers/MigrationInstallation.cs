using System.Text.Json;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Emulation.Iam;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// A Langfuse v2 installation with its v3 backend provisioned, on moto (RDS Aurora cluster, ECS cluster and services,
/// EFS One Zone, VPC subnets, a Step Functions state machine) and the App Runner stand-in (the v2 web). Seeded with boto3
/// so the product's clients carry only the operations the product uses.
/// </summary>
public sealed class MigrationInstallation
{
    public const string V2Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/langfuse:2.95.1";
    public const string V3Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/langfuse:3.29.0";
    public const string SecretPrefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

    /// <summary>moto has no IAM policy simulator: installations share one stand-in that allows everything, unless a test passes its own.</summary>
    private static readonly Lazy<IamSimulatorStandIn> AllowingIam = new(IamSimulatorStandIn.Start);

    private MigrationInstallation(JsonElement seeded, SeededAppRunnerService web, MotoServer moto, AppRunnerStandIn appRunner, IamSimulatorStandIn iam)
    {
        Database = seeded.GetProperty("db").GetString()!;
        Cluster = seeded.GetProperty("cluster").GetString()!;
        ClickHouseService = seeded.GetProperty("clickhouse").GetString()!;
        WorkerService = seeded.GetProperty("worker").GetString()!;
        FileSystemId = seeded.GetProperty("fs").GetString()!;
        StateMachineArn = seeded.GetProperty("sm").GetString()!;
        SubnetInFileSystemZone = seeded.GetProperty("subnet_a").GetString()!;
        Web = web;
        Environment = new FakeEnvironment(new Dictionary<string, string?>(moto.CreateClientEnvironment().ToDictionary(p => p.Key, p => (string?)p.Value))
        {
            ["AWS_ENDPOINT_URL_APPRUNNER"] = appRunner.Endpoint.GetLeftPart(UriPartial.Authority),
            ["AWS_ENDPOINT_URL_IAM"] = iam.Endpoint.GetLeftPart(UriPartial.Authority),
            // One stack per installation: moto is shared by a test class, and the record is named by execution.
            [MigrationServices.V2RecordPrefixVariable] = $"/langfuse-lifecycle/{Cluster}/migration",
        });
    }

    public string Database { get; }
    public string Cluster { get; }
    public string ClickHouseService { get; }
    public string WorkerService { get; }
    public string FileSystemId { get; }
    public string StateMachineArn { get; }
    public string SubnetInFileSystemZone { get; }
    public SeededAppRunnerService Web { get; }
    public FakeEnvironment Environment { get; }

    public static async Task<MigrationInstallation> SeedAsync(MotoServer moto, AppRunnerStandIn appRunner, string webImage = V2Image, string webStatus = "RUNNING",
        IamSimulatorStandIn? iam = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var seeded = await RunPythonAsync(moto, $$$"""
            ec2 = client('ec2')
            vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
            subnet_a = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
            subnet_b = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.2.0/24', AvailabilityZone='us-east-1b')['Subnet']['SubnetId']
            sg = ec2.create_security_group(GroupName='langfuse-{{{suffix}}}', Description='langfuse', VpcId=vpc)['GroupId']
            fs = client('efs').create_file_system(CreationToken='ch-{{{suffix}}}', AvailabilityZoneName='us-east-1a')['FileSystemId']
            ecs = client('ecs')
            cluster = 'langfuse-{{{suffix}}}'
            ecs.create_cluster(clusterName=cluster)
            td = ecs.register_task_definition(family='worker-{{{suffix}}}', networkMode='awsvpc', requiresCompatibilities=['FARGATE'], cpu='512', memory='1024',
                containerDefinitions=[{'name': 'worker', 'image': 'langfuse/langfuse-worker:3.29.0',
                    'environment': [{'name': n, 'value': v} for n, v in [('LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS', 'false'),
                        ('CLICKHOUSE_URL', 'http://clickhouse.langfuse.local:8123'), ('CLICKHOUSE_USER', 'langfuse'), ('CLICKHOUSE_CLUSTER_ENABLED', 'false'),
                        ('REDIS_HOST', 'valkey.langfuse.local'), ('REDIS_PORT', '6379'), ('REDIS_TLS_ENABLED', 'true'),
                        ('LANGFUSE_S3_EVENT_UPLOAD_BUCKET', 'langfuse-events-test'), ('LANGFUSE_S3_EVENT_UPLOAD_REGION', 'us-east-1'),
                        ('LANGFUSE_S3_MEDIA_UPLOAD_BUCKET', 'langfuse-media-test'), ('LANGFUSE_S3_MEDIA_UPLOAD_REGION', 'us-east-1')]],
                    'secrets': [{'name': n, 'valueFrom': '{{{SecretPrefix}}}' + v} for n, v in [('DATABASE_URL', 'database-url'),
                        ('CLICKHOUSE_PASSWORD', 'clickhouse'), ('SALT', 'salt'), ('ENCRYPTION_KEY', 'encryption-key')]]}])['taskDefinition']['taskDefinitionArn']
            network = {'awsvpcConfiguration': {'subnets': [subnet_a, subnet_b], 'securityGroups': [sg]}}
            for name in ['clickhouse', 'worker']:
                ecs.create_service(cluster=cluster, serviceName=name, taskDefinition=td, desiredCount=0, launchType='FARGATE', networkConfiguration=network)
            db = 'langfuse-db-{{{suffix}}}'
            client('rds').create_db_cluster(DBClusterIdentifier=db, Engine='aurora-postgresql', MasterUsername='langfuse', MasterUserPassword='langfuse-password-1')
            sm = client('stepfunctions').create_state_machine(name='migration-{{{suffix}}}', roleArn='arn:aws:iam::123456789012:role/sfn',
                definition=json.dumps(dict(StartAt='P', States=dict(P=dict(Type='Pass', End=True)))))['stateMachineArn']
            print(json.dumps({'db': db, 'cluster': cluster, 'clickhouse': 'clickhouse', 'worker': 'worker', 'fs': fs, 'sm': sm, 'subnet_a': subnet_a}))
            """);
        var web = appRunner.SeedService(new AppRunnerServiceSeed("langfuse-" + suffix, webImage)
        {
            Status = webStatus,
            EnvironmentVariables = new Dictionary<string, string> { ["NEXTAUTH_URL"] = "https://langfuse.example.com", ["HOSTNAME"] = "0.0.0.0" },
            Secrets = new Dictionary<string, string>
            {
                ["DATABASE_URL"] = SecretPrefix + "database-url",
                ["NEXTAUTH_SECRET"] = SecretPrefix + "nextauth",
                ["SALT"] = SecretPrefix + "salt",
            },
            AccessRoleArn = "arn:aws:iam::123456789012:role/apprunner-ecr",
            InstanceRoleArn = "arn:aws:iam::123456789012:role/langfuse-web",
            HealthCheck = new AppRunnerHealthCheck("TCP", "/", 5, 2, 1, 5),
        });
        return new MigrationInstallation(seeded, web, moto, appRunner, iam ?? AllowingIam.Value);
    }

    /// <summary>The settings the state machine would send for this installation (stack defaults, no overrides).</summary>
    public MigrationSettings Settings() => new()
    {
        DatabaseIdentifier = Database,
        WebServiceArn = Web.ServiceArn,
        V3WebImage = V3Image,
        EcsCluster = Cluster,
        ClickHouseService = ClickHouseService,
        WorkerService = WorkerService,
        ClickHouseFileSystemId = FileSystemId,
        VpcConnectorArn = "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/langfuse-v3/1/0123456789abcdef",
        WebInstanceRoleArn = "",
        ClickHouseUrl = "http://clickhouse.langfuse.local:8123",
        ClickHouseMigrationUrl = "clickhouse://clickhouse.langfuse.local:9000",
        ClickHouseUser = "langfuse",
        ClickHousePasswordSecretArn = SecretPrefix + "clickhouse",
        RedisHost = "valkey.langfuse.local",
        RedisPort = "6379",
        RedisAuthSecretArn = "",
        RedisTlsEnabled = "true",
        EventUploadBucket = "langfuse-events-test",
        MediaUploadBucket = "langfuse-media-test",
        S3Region = "us-east-1",
        EncryptionKeySecretArn = SecretPrefix + "encryption-key",
        WorkerHealthUrl = "http://worker.langfuse.local:3030/api/health",
        BackendOnFailure = "sleep",
    };

    public ExecutionInput Execution(string name = "migration-1") =>
        new(name, StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name, StateMachineArn);

    public static Task<JsonElement> RunPythonAsync(MotoServer moto, string body) => Boto3Script.RunAsync(moto.Endpoint, body);

    public static InvocationContext Context() =>
        new("test-request", DateTimeOffset.UtcNow.AddMinutes(5), "arn:aws:lambda:us-east-1:123456789012:function:test", null,
            new LambdaLogger(Stream.Null, "test", TimeProvider.System));
}
