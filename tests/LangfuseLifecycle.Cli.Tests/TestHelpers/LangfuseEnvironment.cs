using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

/// <summary>
/// A Langfuse-like deployment in moto for the CLI: ECS cluster with a ClickHouse service (1 vCPU / 8 GB, Fargate) and a
/// worker (1 vCPU / 2 GB on Fargate Spot), an EFS One Zone file system, optionally a migration state machine, and a
/// CloudFormation stack whose parameters and outputs name them the way the CLI reads them.
/// </summary>
public sealed class LangfuseEnvironment
{
    public const string StackName = "langfuse-lifecycle";
    public const string Cluster = "langfuse";
    public const string ClickHouseService = "langfuse-clickhouse";
    public const string WorkerService = "langfuse-worker";

    private LangfuseEnvironment(MotoFixture moto, MotoSeedRequests requests)
    {
        Moto = moto;
        Requests = requests;
    }

    public MotoFixture Moto { get; }

    public MotoSeedRequests Requests { get; }

    public string FileSystemId { get; private set; } = string.Empty;

    public string? StateMachineArn { get; private set; }

    public IReadOnlyDictionary<string, string> ClientEnvironment => Moto.CreateClientEnvironment();

    public static async Task<LangfuseEnvironment> CreateAsync(MotoFixture moto, string? stateMachineDefinition = null, int workerDesired = 2)
    {
        await moto.ResetAsync();
        var requests = new MotoSeedRequests(moto.Endpoint);
        var environment = new LangfuseEnvironment(moto, requests);
        await environment.CreateBackendAsync(workerDesired);
        if (stateMachineDefinition is not null)
        {
            await environment.CreateStateMachineAsync(stateMachineDefinition);
        }

        await environment.CreateStackAsync();
        return environment;
    }

    public async Task<string> CreateStateMachineAsync(string definition, string name = "MigrationStateMachine")
    {
        await Requests.EnableStateMachineExecutionAsync();
        var created = await Requests.JsonAsync("states", "AWSStepFunctions.CreateStateMachine", new JsonObject
        {
            ["name"] = name,
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::123456789012:role/migration",
        }, "1.0");
        StateMachineArn = created["stateMachineArn"]!.GetValue<string>();
        return StateMachineArn;
    }

    private async Task CreateBackendAsync(int workerDesired)
    {
        const string ecs = "AmazonEC2ContainerServiceV20141113";
        await Requests.JsonAsync("ecs", $"{ecs}.CreateCluster", $$"""{"clusterName":"{{Cluster}}","capacityProviders":["FARGATE","FARGATE_SPOT"]}""", "1.1");
        await Requests.JsonAsync("ecs", $"{ecs}.RegisterTaskDefinition", """
            {"family":"langfuse-clickhouse","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"1024","memory":"8192",
             "runtimePlatform":{"cpuArchitecture":"X86_64","operatingSystemFamily":"LINUX"},
             "containerDefinitions":[{"name":"clickhouse","image":"clickhouse/clickhouse-server:24.8","essential":true}]}
            """, "1.1");
        await Requests.JsonAsync("ecs", $"{ecs}.RegisterTaskDefinition", """
            {"family":"langfuse-worker","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"1024","memory":"2048",
             "containerDefinitions":[{"name":"worker","image":"langfuse/langfuse-worker:3","essential":true}]}
            """, "1.1");
        await Requests.JsonAsync("ecs", $"{ecs}.CreateService", $$"""
            {"cluster":"{{Cluster}}","serviceName":"{{ClickHouseService}}","taskDefinition":"langfuse-clickhouse","desiredCount":1,"launchType":"FARGATE"}
            """, "1.1");
        await Requests.JsonAsync("ecs", $"{ecs}.CreateService", $$"""
            {"cluster":"{{Cluster}}","serviceName":"{{WorkerService}}","taskDefinition":"langfuse-worker","desiredCount":{{workerDesired}},
             "capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}
            """, "1.1");
        var fileSystem = await Requests.RestJsonAsync(HttpMethod.Post, "elasticfilesystem", "2015-02-01/file-systems", """
            {"CreationToken":"clickhouse","AvailabilityZoneName":"us-east-1a","Encrypted":true}
            """);
        FileSystemId = fileSystem["FileSystemId"]!.GetValue<string>();
    }

    private Task CreateStackAsync()
    {
        var parameters = new Dictionary<string, string>
        {
            ["LangfuseCluster"] = Cluster,
            ["ClickHouseService"] = ClickHouseService,
            ["WorkerServices"] = WorkerService,
            ["ClickHouseFileSystemId"] = FileSystemId,
            ["ScheduleTimezone"] = "Asia/Tokyo",
            ["WakeScheduleExpression"] = "cron(0 8 ? * MON-FRI *)",
            ["SleepScheduleExpression"] = "cron(0 20 ? * MON-FRI *)",
            ["Holidays"] = "2026-12-31,2027-01-01",
        };
        return CreateStackAsync(Requests, parameters, StateMachineArn);
    }

    /// <summary>
    /// A stack shaped like template.yaml's: the given parameters, and Backend* outputs that repeat the backend ones (as
    /// the real template does in existing mode), plus MigrationStateMachineArn when given.
    /// </summary>
    public static async Task CreateStackAsync(MotoSeedRequests requests, IReadOnlyDictionary<string, string> parameterValues, string? stateMachineArn = null, IReadOnlyDictionary<string, string>? extraOutputs = null)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in parameterValues)
        {
            parameters[key] = Parameter(value);
        }

        var outputs = new JsonObject();
        foreach (var (output, parameter) in new[] { ("BackendLangfuseCluster", "LangfuseCluster"), ("BackendClickHouseService", "ClickHouseService"), ("BackendWorkerServices", "WorkerServices"), ("BackendClickHouseFileSystemId", "ClickHouseFileSystemId") })
        {
            if (parameterValues.ContainsKey(parameter))
            {
                outputs[output] = Output(parameter);
            }
        }

        if (stateMachineArn is not null)
        {
            parameters["StateMachineArnValue"] = Parameter(stateMachineArn);
            outputs["MigrationStateMachineArn"] = Output("StateMachineArnValue");
        }

        foreach (var (key, value) in extraOutputs ?? new Dictionary<string, string>())
        {
            parameters[key + "Value"] = Parameter(value);
            outputs[key] = Output(key + "Value");
        }

        var template = new JsonObject
        {
            ["AWSTemplateFormatVersion"] = "2010-09-09",
            ["Parameters"] = parameters,
            ["Resources"] = new JsonObject { ["Marker"] = new JsonObject { ["Type"] = "AWS::SQS::Queue", ["Properties"] = new JsonObject { ["QueueName"] = "langfuse-lifecycle-marker" } } },
            ["Outputs"] = outputs,
        };
        await requests.QueryAsync("cloudformation", "2010-05-15", "CreateStack", CancellationToken.None, ("StackName", StackName), ("TemplateBody", template.ToJsonString()));
    }

    private static JsonObject Output(string parameter) => new() { ["Value"] = new JsonObject { ["Ref"] = parameter } };

    private static JsonObject Parameter(string defaultValue) => new() { ["Type"] = "String", ["Default"] = defaultValue };
}
