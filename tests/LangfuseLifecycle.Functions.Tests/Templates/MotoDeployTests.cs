using System.Text.Json.Nodes;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.Templates;

/// <summary>
/// CI deploys the stack: template.yaml, transformed by aws-sam-translator, is created on moto's CloudFormation with the
/// code <c>make build-ScalerFunction</c> produced, in both backend modes (deploy_on_moto.py does what `sam deploy` does
/// and lists what moto cannot create). Each test gets its own moto_server.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MotoDeployTests(SamBuiltBootstrapFixture built) : IClassFixture<SamBuiltBootstrapFixture>, IAsyncLifetime
{
    // moto implements none of these; deploy_on_moto.py removes them and the tests below check them structurally.
    private static readonly string[] SkippedByEmulatorInExistingMode =
    [
        "MigrationPreflightListExecutionsPolicy (AWS::IAM::RolePolicy)",
        "ScalerFunctionSleepSchedule (AWS::Scheduler::Schedule)",
        "ScalerFunctionWakeSchedule (AWS::Scheduler::Schedule)",
        "ScalerScheduleGroup (AWS::Scheduler::ScheduleGroup)",
    ];

    private readonly MotoFixture moto = new();

    public Task InitializeAsync() => moto.InitializeAsync();

    public Task DisposeAsync() => moto.DisposeAsync();

    [Fact]
    public void CreateStack_WhenBackendModeExisting_ShouldCreateEveryFunctionRoleAndTheStateMachine()
    {
        // Arrange
        var values = new Dictionary<string, string>
        {
            ["BackendMode"] = "existing",
            ["LangfuseCluster"] = "langfuse",
            ["ClickHouseService"] = "langfuse-clickhouse",
            ["WorkerServices"] = "langfuse-worker",
            ["ClickHouseFileSystemId"] = "fs-0123456789abcdef0",
            ["LangfuseWebServiceArn"] = "arn:aws:apprunner:us-east-1:123456789012:service/langfuse-web/0123456789abcdef",
            ["LangfuseDatabaseIdentifier"] = "langfuse-db",
            ["V3WebImage"] = "public.ecr.aws/langfuse/langfuse:3.29.0",
            ["WorkerRoleArns"] = "arn:aws:iam::123456789012:role/worker-task,arn:aws:iam::123456789012:role/worker-execution",
        };

        // Act
        var report = Deploy(values, "lfl-existing");

        // Assert
        var parent = report["stacks"]!["parent"]!;
        Assert.True(parent["status"]!.GetValue<string>() == "CREATE_COMPLETE", parent["reason"]?.ToString());
        Assert.Equal(SkippedByEmulatorInExistingMode, report["skipped"]!["parent"]!.AsArray().Select(item => item!.GetValue<string>()));
        AssertFunctionsRolesAndStateMachine(report, expectedFunctions: 13);
        var outputs = parent["outputs"]!.AsObject();
        Assert.Equal("langfuse", outputs["BackendLangfuseCluster"]!.GetValue<string>());
        Assert.Equal("langfuse-worker", outputs["BackendWorkerServices"]!.GetValue<string>());
        Assert.StartsWith("arn:aws:states:", outputs["MigrationStateMachineArn"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:lambda:", outputs["ScalerFunctionArn"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStack_WhenBackendModeCreate_ShouldCreateTheNestedBackendAndWireItsOutputs()
    {
        // Arrange: a VPC with two subnets in moto, as the user's network.
        var values = await CreateModeValuesAsync();

        // Act
        var report = Deploy(values, "lfl-create");

        // Assert
        var backend = report["stacks"]!["BackendStack"]!;
        var parent = report["stacks"]!["parent"]!;
        Assert.True(backend["status"]!.GetValue<string>() == "CREATE_COMPLETE", backend["reason"]?.ToString());
        Assert.True(parent["status"]!.GetValue<string>() == "CREATE_COMPLETE", parent["reason"]?.ToString());
        // The keeper's inline code ran against moto and answered an integer count (0: the services do not exist yet).
        foreach (var keeper in new[] { "ClickHouseDesiredCount", "WorkerDesiredCount" })
        {
            Assert.Equal("SUCCESS", report["keepers"]![keeper]!["Status"]!.GetValue<string>());
            Assert.Equal(0, report["keepers"]![keeper]!["Data"]!["DesiredCount"]!.GetValue<int>());
        }

        var backendResources = backend["resources"]!.AsObject();
        Assert.Equal("AWS::ECS::Service", backendResources["ClickHouseService"]!.GetValue<string>());
        Assert.Equal("AWS::EFS::FileSystem", backendResources["ClickHouseFileSystem"]!.GetValue<string>());
        Assert.Equal("AWS::Lambda::Function", backendResources["DesiredCountKeeperFunction"]!.GetValue<string>());
        AssertFunctionsRolesAndStateMachine(report, expectedFunctions: 14);
        var outputs = parent["outputs"]!.AsObject();
        var nestedOutputs = backend["outputs"]!.AsObject();
        Assert.Equal(nestedOutputs["ClusterName"]!.GetValue<string>(), outputs["BackendLangfuseCluster"]!.GetValue<string>());
        Assert.Equal(nestedOutputs["ClickHouseFileSystemId"]!.GetValue<string>(), outputs["BackendClickHouseFileSystemId"]!.GetValue<string>());
        Assert.StartsWith("fs-", outputs["BackendClickHouseFileSystemId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(report["skipped"]!["BackendStack"]!.AsArray(), item => item!.GetValue<string>() == "WebVpcConnector (AWS::AppRunner::VpcConnector)");
        // Without the pull-through cache the tasks pull from Docker Hub by name, and no cache rule is created.
        Assert.Equal("clickhouse/clickhouse-server:24.8", report["taskDefinitionImages"]!["langfuse-clickhouse"]![0]!.GetValue<string>());
        Assert.Equal("langfuse/langfuse-worker:3.29.0", report["taskDefinitionImages"]!["langfuse-worker"]![0]!.GetValue<string>());
        Assert.DoesNotContain(report["skipped"]!["BackendStack"]!.AsArray(), item => item!.GetValue<string>().Contains("PullThroughCacheRule", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateStack_WhenImagesComeThroughThePullThroughCacheAndTheDatabaseSecretHasAKey_ShouldPullFromEcr()
    {
        // Arrange: both options on; the parent forwards them to the nested stack.
        var values = await CreateModeValuesAsync();
        values["ImagePullThroughCache"] = "ENABLED";
        values["DockerHubCredentialSecretArn"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
        values["DatabaseUrlSecretKmsKeyArn"] = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab";

        // Act
        var report = Deploy(values, "lfl-create-cache");

        // Assert
        foreach (var stack in new[] { "BackendStack", "parent" })
        {
            var created = report["stacks"]![stack]!;
            Assert.True(created["status"]!.GetValue<string>() == "CREATE_COMPLETE", $"{stack}: {created["reason"]}");
        }

        Assert.Equal("ENABLED", report["backendParameters"]!["ImagePullThroughCache"]!.GetValue<string>());
        Assert.Equal(values["DatabaseUrlSecretKmsKeyArn"], report["backendParameters"]!["DatabaseUrlSecretKmsKeyArn"]!.GetValue<string>());
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/clickhouse/clickhouse-server:24.8",
            report["taskDefinitionImages"]!["langfuse-clickhouse"]![0]!.GetValue<string>());
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/langfuse/langfuse-worker:3.29.0",
            report["taskDefinitionImages"]!["langfuse-worker"]![0]!.GetValue<string>());
        // moto has no AWS::ECR::PullThroughCacheRule: skipped here, checked structurally below.
        Assert.Contains(report["skipped"]!["BackendStack"]!.AsArray(), item => item!.GetValue<string>() == "DockerHubPullThroughCacheRule (AWS::ECR::PullThroughCacheRule)");
    }

    [Fact]
    public void SkippedResources_WhenCheckedStructurally_ShouldHaveWhatCloudFormationNeeds()
    {
        // Arrange: what moto cannot create, as the transform leaves it for CloudFormation.
        var parent = TemplateFiles.Render(TemplateFiles.ParentTemplate)["Resources"]!.AsObject();

        // Act
        var wake = parent["ScalerFunctionWakeSchedule"]!["Properties"]!;
        var listExecutions = parent["MigrationPreflightListExecutionsPolicy"]!["Properties"]!;

        // Assert
        Assert.Equal("AWS::Scheduler::Schedule", parent["ScalerFunctionWakeSchedule"]!["Type"]!.GetValue<string>());
        Assert.Equal("ScalerScheduleGroup", wake["GroupName"]!["Ref"]!.GetValue<string>());
        Assert.Equal("OFF", wake["FlexibleTimeWindow"]!["Mode"]!.GetValue<string>());
        Assert.Equal("ScalerFunction", wake["Target"]!["Arn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal("AWS::Scheduler::ScheduleGroup", parent["ScalerScheduleGroup"]!["Type"]!.GetValue<string>());
        Assert.Equal("MigrationPreflightFunctionRole", listExecutions["RoleName"]!["Ref"]!.GetValue<string>());
        Assert.Equal("states:ListExecutions", listExecutions["PolicyDocument"]!["Statement"]![0]!["Action"]!.GetValue<string>());
        var cacheRule = TemplateFiles.Render(TemplateFiles.BackendTemplate)["Resources"]!["DockerHubPullThroughCacheRule"]!;
        Assert.Equal("AWS::ECR::PullThroughCacheRule", cacheRule["Type"]!.GetValue<string>());
        Assert.Equal("CreatePullThroughCacheRule", cacheRule["Condition"]!.GetValue<string>());
        Assert.Equal("docker-hub", cacheRule["Properties"]!["UpstreamRegistry"]!.GetValue<string>());
        Assert.Equal("registry-1.docker.io", cacheRule["Properties"]!["UpstreamRegistryUrl"]!.GetValue<string>());
        Assert.Equal("DockerHubCredentialSecretArn", cacheRule["Properties"]!["CredentialArn"]!["Ref"]!.GetValue<string>());
        Assert.Equal("PullThroughCachePrefix", cacheRule["Properties"]!["EcrRepositoryPrefix"]!["Ref"]!.GetValue<string>());
    }

    private async Task<Dictionary<string, string>> CreateModeValuesAsync()
    {
        var network = await Boto3Script.RunAsync(moto.Endpoint, """
            ec2 = client("ec2")
            vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
            b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
            print(json.dumps({"vpc": vpc, "a": a, "b": b}))
            """);
        var subnetA = network.GetProperty("a").GetString()!;
        return new Dictionary<string, string>
        {
            ["BackendMode"] = "create",
            ["BackendVpcId"] = network.GetProperty("vpc").GetString()!,
            ["BackendSubnetIds"] = subnetA + "," + network.GetProperty("b").GetString(),
            ["ClickHouseAvailabilityZone"] = "us-east-1a",
            ["ClickHouseSubnetId"] = subnetA,
            ["DatabaseUrlSecretArn"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:langfuse-db-AbCdEf",
            ["LangfuseWebServiceArn"] = "arn:aws:apprunner:us-east-1:123456789012:service/langfuse-web/0123456789abcdef",
            ["LangfuseDatabaseIdentifier"] = "langfuse-db",
            ["V3WebImage"] = "public.ecr.aws/langfuse/langfuse:3.29.0",
        };
    }

    private static void AssertFunctionsRolesAndStateMachine(JsonNode report, int expectedFunctions)
    {
        var functions = report["functions"]!.AsObject();
        Assert.Equal(expectedFunctions, functions.Count);
        var lifecycle = functions.Where(pair => pair.Value!["runtime"]!.GetValue<string>() == "provided.al2023").ToList();
        Assert.Equal(13, lifecycle.Count);
        Assert.All(lifecycle, pair => Assert.Equal("x86_64", pair.Value!["architectures"]![0]!.GetValue<string>()));
        Assert.Contains(lifecycle, pair => pair.Value!["handler"]!.GetValue<string>() == "scaler");
        Assert.Contains(lifecycle, pair => pair.Value!["handler"]!.GetValue<string>() == "migration-preflight");
        var roles = report["roles"]!.AsArray().Select(role => role!.GetValue<string>()).ToList();
        Assert.Contains(roles, role => role.Contains("ScalerFunctionRole", StringComparison.Ordinal));
        Assert.Contains(roles, role => role.Contains("ScalerSchedulerRole", StringComparison.Ordinal));
        Assert.Single(report["stateMachines"]!.AsArray());
    }

    private JsonNode Deploy(Dictionary<string, string> values, string stack)
    {
        var parameters = Path.Combine(Path.GetTempPath(), $"moto-deploy-{Guid.NewGuid():N}.json");
        File.WriteAllText(parameters, new JsonObject(values.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value)))).ToJsonString());
        try
        {
            var script = Path.Combine(TemplateFiles.RepositoryRoot, "tests", "LangfuseLifecycle.Functions.Tests", "Templates", "deploy_on_moto.py");
            var (exitCode, output, error) = TemplateFiles.Run(
                "python3",
                [script, moto.Endpoint.ToString().TrimEnd('/'), TemplateFiles.ParentTemplate, TemplateFiles.BackendTemplate, built.ArtifactsDirectory, parameters, stack]);
            Assert.True(exitCode == 0, error);
            return JsonNode.Parse(output)!;
        }
        finally
        {
            File.Delete(parameters);
        }
    }
}
