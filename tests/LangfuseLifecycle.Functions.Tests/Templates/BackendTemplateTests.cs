using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Templates;

/// <summary>Safety properties of templates/backend.yaml, read as CloudFormation reads it.</summary>
public class BackendTemplateTests
{
    private static readonly Lazy<JsonObject> Backend = new(() => TemplateFiles.Render(TemplateFiles.BackendTemplate));

    // The parent stack always passes V3WebImage (the worker's release) and the required DatabaseUrlSecretArn; rules are
    // evaluated as the parent deploys them.
    private static TemplateEvaluator Evaluate(IReadOnlyDictionary<string, string>? overrides = null) =>
        new(Backend.Value, new Dictionary<string, string>(overrides ?? new Dictionary<string, string>())
        {
            ["V3WebImage"] = overrides?.GetValueOrDefault("V3WebImage") ?? "123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:3.29.0",
            ["DatabaseUrlSecretArn"] = overrides?.GetValueOrDefault("DatabaseUrlSecretArn") ?? "arn:aws:secretsmanager:eu-west-1:123456789012:secret:langfuse-db-AbCdEf",
        });

    [Fact]
    public void WorkerTaskDefinition_WhenWorkerImageIsEmpty_ShouldRunTheWorkerOfTheWebsReleaseWithTheSharedPrefixesAndSecrets()
    {
        // Act
        var worker = Evaluate(new Dictionary<string, string>
        {
            ["EventUploadPrefix"] = "events/",
            ["SaltSecretArn"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:v2-salt-AbCdEf",
        }).ResolvedProperties("WorkerTaskDefinition");

        // Assert
        var container = worker["ContainerDefinitions"]![0]!;
        Assert.Equal("langfuse/langfuse-worker:3.29.0", container["Image"]!.GetValue<string>());
        var environment = container["Environment"]!.AsArray().ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Value"]!.ToString());
        Assert.Equal("events/", environment["LANGFUSE_S3_EVENT_UPLOAD_PREFIX"]);
        var secrets = container["Secrets"]!.AsArray().ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["ValueFrom"]!.ToString());
        Assert.Equal("arn:aws:secretsmanager:eu-west-1:123456789012:secret:v2-salt-AbCdEf", secrets["SALT"]);
    }

    [Fact]
    public void WorkerService_WhenDefaults_ShouldRunOnFargateSpotWithoutLaunchType()
    {
        // Act
        var worker = Evaluate().ResolvedProperties("WorkerService");

        // Assert
        Assert.Null(worker["LaunchType"]);
        var strategy = Assert.Single(worker["CapacityProviderStrategy"]!.AsArray());
        Assert.Equal("FARGATE_SPOT", strategy!["CapacityProvider"]!.GetValue<string>());
    }

    [Fact]
    public void WorkerService_WhenCapacityProviderParameterIsFargate_ShouldRunOnDemand()
    {
        // Act
        var worker = Evaluate(new Dictionary<string, string> { ["WorkerCapacityProvider"] = "FARGATE" }).ResolvedProperties("WorkerService");

        // Assert
        Assert.Null(worker["LaunchType"]);
        Assert.Equal("FARGATE", worker["CapacityProviderStrategy"]![0]!["CapacityProvider"]!.GetValue<string>());
    }

    [Fact]
    public void WorkerTaskDefinition_WhenRendered_ShouldBeX86AndCarryTheV3SettingsWithSecretsFromSecretsManager()
    {
        // Act
        var task = Evaluate().ResolvedProperties("WorkerTaskDefinition");

        // Assert: Spot only exists for x86_64; with WorkerImage empty the worker runs the web's release (V3WebImage's tag).
        Assert.Equal("X86_64", task["RuntimePlatform"]!["CpuArchitecture"]!.GetValue<string>());
        var container = task["ContainerDefinitions"]![0]!;
        Assert.Equal("langfuse/langfuse-worker:3.29.0", container["Image"]!.GetValue<string>());
        var environment = container["Environment"]!.AsArray().ToDictionary(item => item!["Name"]!.GetValue<string>(), item => item!["Value"]!.ToJsonString());
        Assert.Equal("\"false\"", environment["CLICKHOUSE_CLUSTER_ENABLED"]);
        Assert.Equal("\"false\"", environment["LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS"]);
        Assert.Equal("\"true\"", environment["REDIS_TLS_ENABLED"]);
        Assert.Contains("clickhouse.", environment["CLICKHOUSE_URL"], StringComparison.Ordinal);
        Assert.DoesNotContain(environment.Keys, name => Regex.IsMatch(name, "PASSWORD|SECRET|SALT|ENCRYPTION_KEY|REDIS_AUTH|DATABASE_URL"));
        var secrets = container["Secrets"]!.AsArray().Select(item => item!["Name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "DATABASE_URL", "CLICKHOUSE_PASSWORD", "REDIS_AUTH", "SALT", "ENCRYPTION_KEY" }, secrets);
    }

    [Fact]
    public void ClickHouse_WhenRendered_ShouldNeverRunOnSpot()
    {
        // Arrange
        var evaluator = Evaluate();

        // Act
        var service = evaluator.ResolvedProperties("ClickHouseService");
        var cluster = evaluator.ResolvedProperties("Cluster");

        // Assert
        var providers = service["CapacityProviderStrategy"]!.AsArray().Select(item => item!["CapacityProvider"]!.GetValue<string>());
        Assert.Equal(["FARGATE"], providers);
        Assert.Null(service["LaunchType"]);
        Assert.Equal(["FARGATE", "FARGATE_SPOT"], cluster["CapacityProviders"]!.AsArray().Select(item => item!.GetValue<string>()));
        Assert.Equal(["FARGATE"], cluster["DefaultCapacityProviderStrategy"]!.AsArray().Select(item => item!["CapacityProvider"]!.GetValue<string>()));
    }

    [Fact]
    public void ClickHouseService_WhenRendered_ShouldNeverRunTwoTasks()
    {
        // Act
        var deployment = Evaluate().ResolvedProperties("ClickHouseService")["DeploymentConfiguration"]!;

        // Assert
        Assert.Equal(100, deployment["MaximumPercent"]!.GetValue<int>());
        Assert.Equal(0, deployment["MinimumHealthyPercent"]!.GetValue<int>());
    }

    [Fact]
    public void ClickHouse_WhenRendered_ShouldRunOnlyInTheFileSystemsAvailabilityZone()
    {
        // Arrange
        var evaluator = Evaluate();

        // Act
        var service = evaluator.Resource("ClickHouseService")["Properties"]!;
        var fileSystem = evaluator.Resource("ClickHouseFileSystem")["Properties"]!;
        var mountTargets = evaluator.Resources("AWS::EFS::MountTarget").ToList();

        // Assert: one zone, one mount target, and the service's only subnet is the mount target's.
        Assert.Equal("ClickHouseAvailabilityZone", fileSystem["AvailabilityZoneName"]!["Ref"]!.GetValue<string>());
        var mountTarget = Assert.Single(mountTargets);
        Assert.Equal("ClickHouseSubnetId", mountTarget.Resource["Properties"]!["SubnetId"]!["Ref"]!.GetValue<string>());
        var subnet = Assert.Single(service["NetworkConfiguration"]!["AwsvpcConfiguration"]!["Subnets"]!.AsArray());
        Assert.Equal("ClickHouseSubnetId", subnet!["Ref"]!.GetValue<string>());
        Assert.Equal("DISABLED", service["NetworkConfiguration"]!["AwsvpcConfiguration"]!["AssignPublicIp"]!.GetValue<string>());
        Assert.Equal("AWS::EC2::Subnet::Id", Backend.Value["Parameters"]!["ClickHouseSubnetId"]!["Type"]!.GetValue<string>());
    }

    [Fact]
    public void ClickHouseTaskDefinition_WhenRendered_ShouldMountEncryptedEfsCheckPingAndSilenceSystemLogs()
    {
        // Act
        var task = Evaluate().ResolvedProperties("ClickHouseTaskDefinition");

        // Assert
        var efs = task["Volumes"]![0]!["EFSVolumeConfiguration"]!;
        Assert.Equal("ENABLED", efs["TransitEncryption"]!.GetValue<string>());
        Assert.Equal("ENABLED", efs["AuthorizationConfig"]!["IAM"]!.GetValue<string>());
        Assert.Equal("ClickHouseAccessPoint", efs["AuthorizationConfig"]!["AccessPointId"]!["Ref"]!.GetValue<string>());
        var container = task["ContainerDefinitions"]![0]!;
        Assert.Equal("/var/lib/clickhouse", container["MountPoints"]![0]!["ContainerPath"]!.GetValue<string>());
        Assert.Contains("http://127.0.0.1:8123/ping", container["HealthCheck"]!["Command"]![1]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("1024", task["Cpu"]!.GetValue<string>());
        Assert.Equal("8192", task["Memory"]!.GetValue<string>());
        var environment = container["Environment"]!.AsArray().ToDictionary(item => item!["Name"]!.GetValue<string>(), item => item!["Value"]!.GetValue<string>());
        Assert.Equal("UTC", environment["TZ"]);
        var config = environment["LANGFUSE_CLICKHOUSE_CONFIG"];
        Assert.Contains("<timezone>UTC</timezone>", config, StringComparison.Ordinal);
        foreach (var table in new[] { "query_log", "part_log", "trace_log", "metric_log", "asynchronous_metric_log", "text_log", "processors_profile_log" })
        {
            Assert.Contains($"<{table} remove=\"1\"/>", config, StringComparison.Ordinal);
        }

        Assert.Contains("config.d/zz-langfuse.xml && exec /entrypoint.sh", container["Command"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ClickHouseCpu", "1024", "ClickHouseMemory", "8192")]
    [InlineData("ClickHouseCpu", "2048", "ClickHouseMemory", "16384")]
    [InlineData("ClickHouseCpu", "4096", "ClickHouseMemory", "30720")]
    [InlineData("WorkerCpu", "512", "WorkerMemory", "1024")]
    [InlineData("WorkerCpu", "2048", "WorkerMemory", "4096")]
    public void Rules_WhenTaskSizeIsOfferedByFargate_ShouldPass(string cpuParameter, string cpu, string memoryParameter, string memory)
    {
        // Act
        var failed = Evaluate(new Dictionary<string, string> { [cpuParameter] = cpu, [memoryParameter] = memory }).FailedRuleAssertions();

        // Assert
        Assert.Empty(failed);
    }

    [Theory]
    [InlineData("ClickHouseCpu", "1024", "ClickHouseMemory", "16384", "1 vCPU (ClickHouseCpu=1024) with 4-8 GB")]
    [InlineData("ClickHouseCpu", "4096", "ClickHouseMemory", "4096", "set ClickHouseMemory to a multiple of 1024 from 8192 to 30720")]
    [InlineData("WorkerCpu", "512", "WorkerMemory", "8192", "0.5 vCPU (WorkerCpu=512) with 1-4 GB")]
    [InlineData("WorkerCpu", "1024", "WorkerMemory", "2500", "set WorkerMemory")]
    public void Rules_WhenTaskSizeIsNotOfferedByFargate_ShouldRefuseBeforeAnyChangeNamingTheParameter(string cpuParameter, string cpu, string memoryParameter, string memory, string expected)
    {
        // Act
        var failed = Evaluate(new Dictionary<string, string> { [cpuParameter] = cpu, [memoryParameter] = memory }).FailedRuleAssertions();

        // Assert
        var message = Assert.Single(failed);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClickHouseImage_WhenDefault_ShouldBeA24ReleaseBefore24Point10()
    {
        // Act
        var image = Backend.Value["Parameters"]!["ClickHouseImage"]!["Default"]!.GetValue<string>();

        // Assert: >= 24.3 for Langfuse, < 24.10 because of renameat2() on EFS.
        var match = Regex.Match(image, @"^clickhouse/clickhouse-server:(\d+)\.(\d+)");
        Assert.True(match.Success, image);
        Assert.Equal(24, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 3, 9);
    }

    [Theory]
    [InlineData("7.2", "valkey7")]
    [InlineData("8.0", "valkey8")]
    public void Cache_WhenRendered_ShouldBeEncryptedValkeyThatNeverEvicts(string engineVersion, string family)
    {
        // Arrange
        var evaluator = Evaluate(new Dictionary<string, string> { ["ValkeyEngineVersion"] = engineVersion });

        // Act
        var parameters = evaluator.ResolvedProperties("CacheParameterGroup");
        var cache = evaluator.ResolvedProperties("Cache");

        // Assert
        Assert.Equal("noeviction", parameters["Properties"]!["maxmemory-policy"]!.GetValue<string>());
        Assert.Equal(family, parameters["CacheParameterGroupFamily"]!.GetValue<string>());
        Assert.Equal("valkey", cache["Engine"]!.GetValue<string>());
        Assert.Equal(engineVersion, cache["EngineVersion"]!.GetValue<string>());
        Assert.Equal("cache.t4g.micro", cache["CacheNodeType"]!.GetValue<string>());
        Assert.True(cache["TransitEncryptionEnabled"]!.GetValue<bool>());
        Assert.True(cache["AtRestEncryptionEnabled"]!.GetValue<bool>());
        Assert.Contains("{{resolve:secretsmanager:", cache["AuthToken"]!["Fn::Sub"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("CacheParameterGroup", cache["CacheParameterGroupName"]!["Ref"]!.GetValue<string>());
    }

    [Fact]
    public void Storage_WhenRendered_ShouldBeEncryptedAndNeverPublic()
    {
        // Arrange
        var evaluator = Evaluate();

        // Act
        var fileSystem = evaluator.ResolvedProperties("ClickHouseFileSystem");
        var buckets = evaluator.Resources("AWS::S3::Bucket").ToList();

        // Assert
        Assert.True(fileSystem["Encrypted"]!.GetValue<bool>());
        Assert.Equal(2, buckets.Count);
        foreach (var (logicalId, _) in buckets)
        {
            var bucket = evaluator.ResolvedProperties(logicalId);
            Assert.Equal("AES256", bucket["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!.GetValue<string>());
            var block = bucket["PublicAccessBlockConfiguration"]!.AsObject();
            Assert.All(new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" }, setting => Assert.True(block[setting]!.GetValue<bool>(), $"{logicalId}.{setting}"));
            Assert.Equal("BucketOwnerEnforced", bucket["OwnershipControls"]!["Rules"]![0]!["ObjectOwnership"]!.GetValue<string>());
        }

        var policies = evaluator.Resources("AWS::S3::BucketPolicy").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, policy => Assert.Equal("Deny", policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]![0]!["Effect"]!.GetValue<string>()));
    }

    [Fact]
    public void EventBucketLifecycle_WhenExpirationParameterSet_ShouldExpireEventsOnlyThen()
    {
        // Act
        var keep = Evaluate().ResolvedProperties("EventBucket")["LifecycleConfiguration"]!["Rules"]![1]!;
        var expire = Evaluate(new Dictionary<string, string> { ["EventObjectExpirationDays"] = "30" }).ResolvedProperties("EventBucket")["LifecycleConfiguration"]!["Rules"]![1]!;

        // Assert
        Assert.Equal("Disabled", keep["Status"]!.GetValue<string>());
        Assert.Equal("Enabled", expire["Status"]!.GetValue<string>());
        Assert.Equal("30", expire["ExpirationInDays"]!.ToString());
    }

    [Fact]
    public void UserData_WhenStackIsDeletedOrResourceReplaced_ShouldBeRetained()
    {
        // Arrange
        var evaluator = Evaluate();
        var owned = evaluator.Resources("AWS::EFS::FileSystem")
            .Concat(evaluator.Resources("AWS::S3::Bucket"))
            .Concat(evaluator.Resources("AWS::SecretsManager::Secret"))
            .ToList();

        // Assert
        Assert.Equal(1 + 2 + 5, owned.Count);
        Assert.All(owned, item =>
        {
            Assert.Equal("Retain", item.Resource["DeletionPolicy"]?.GetValue<string>());
            Assert.Equal("Retain", item.Resource["UpdateReplacePolicy"]?.GetValue<string>());
        });
    }

    [Fact]
    public void EncryptionKeySecret_WhenGenerated_ShouldOnlyDrawSixtyFourHexCharacters()
    {
        // Arrange: Secrets Manager draws from upper, lower, digits and punctuation, minus what the settings exclude.
        var generate = Evaluate().ResolvedProperties("EncryptionKeySecret")["GenerateSecretString"]!;
        var alphabet = new HashSet<char>("abcdefghijklmnopqrstuvwxyz0123456789");
        if (generate["ExcludeUppercase"]?.GetValue<bool>() != true)
        {
            alphabet.UnionWith("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        }

        if (generate["ExcludePunctuation"]?.GetValue<bool>() != true)
        {
            alphabet.UnionWith("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
        }

        // Act
        alphabet.ExceptWith(generate["ExcludeCharacters"]!.GetValue<string>());

        // Assert
        Assert.Equal(64, generate["PasswordLength"]!.GetValue<int>());
        Assert.False(generate["IncludeSpace"]!.GetValue<bool>());
        Assert.Equal("0123456789abcdef".ToHashSet(), alphabet);
    }

    [Fact]
    public void IamPolicies_WhenRendered_ShouldGrantNoMutatingActionOnEveryResource()
    {
        // Arrange: policies as CloudFormation creates them (Fn::If resolved), with and without the optional v2 web grants.
        var evaluator = Evaluate();
        var withWebGrants = Evaluate(new Dictionary<string, string>
        {
            ["WebSecretArns"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:v2-web-AbCdEf",
            ["WebSsmParameterArns"] = "arn:aws:ssm:eu-west-1:123456789012:parameter/langfuse/v2",
            ["WebSecretsKmsKeyArn"] = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab",
        });
        var statements = new List<(string Where, JsonNode Statement)>();
        foreach (var rendered in new[] { evaluator, withWebGrants })
        {
            foreach (var (logicalId, _) in rendered.Resources("AWS::IAM::Role"))
            {
                foreach (var policy in rendered.ResolvedProperties(logicalId)["Policies"]?.AsArray() ?? [])
                {
                    statements.AddRange(policy!["PolicyDocument"]!["Statement"]!.AsArray().Select(statement => (logicalId, statement!)));
                }
            }

            foreach (var (logicalId, _) in rendered.Resources("AWS::IAM::Policy").Concat(rendered.Resources("AWS::IAM::ManagedPolicy")))
            {
                statements.AddRange(rendered.ResolvedProperties(logicalId)["PolicyDocument"]!["Statement"]!.AsArray().Select(statement => (logicalId, statement!)));
            }
        }

        Assert.Contains(statements, item => item.Where == "WebInstanceRole" && AsStrings(item.Statement["Action"]).Contains("kms:Decrypt"));

        // Act
        var offending = statements
            .Where(item => item.Statement["Effect"]!.GetValue<string>() == "Allow")
            .Where(item => AsStrings(item.Statement["Resource"]).Any(resource => resource == "*"))
            .SelectMany(item => AsStrings(item.Statement["Action"]).Where(IsMutating).Select(action => $"{item.Where}: {action} on *"))
            .ToList();

        // Assert
        Assert.NotEmpty(statements);
        Assert.Empty(offending);
        Assert.DoesNotContain(evaluator.Resources("AWS::IAM::Role"), role => role.Resource["Properties"]!["ManagedPolicyArns"] is not null);
    }

    [Fact]
    public void ResourcePolicies_WhenRendered_ShouldAllowNobodyAnonymously()
    {
        // Arrange
        var evaluator = Evaluate();
        var fileSystemPolicy = evaluator.Resource("ClickHouseFileSystem")["Properties"]!["FileSystemPolicy"]!["Statement"]!.AsArray();

        // Act
        var allows = fileSystemPolicy.Where(statement => statement!["Effect"]!.GetValue<string>() == "Allow").ToList();

        // Assert: the only grant is to the ClickHouse task role; the catch-all statement only denies plain-text NFS.
        var allow = Assert.Single(allows);
        Assert.Equal("ClickHouseTaskRole", allow!["Principal"]!["AWS"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.DoesNotContain("elasticfilesystem:ClientRootAccess", AsStrings(allow["Action"]));
    }

    [Fact]
    public void SecurityGroups_WhenRendered_ShouldAdmitOnlyTheLangfuseSecurityGroups()
    {
        // Arrange
        var evaluator = Evaluate();
        var rules = evaluator.Resources("AWS::EC2::SecurityGroup")
            .SelectMany(group => (group.Resource["Properties"]!["SecurityGroupIngress"]?.AsArray() ?? []).Select(rule => (Group: group.LogicalId, Rule: rule!)))
            .Concat(evaluator.Resources("AWS::EC2::SecurityGroupIngress")
                .Where(ingress => ingress.Resource["Condition"] is not { } condition || evaluator.Condition(condition.GetValue<string>()))
                .Select(ingress => (Group: ingress.Resource["Properties"]!["GroupId"]!["Ref"]!.GetValue<string>(), Rule: ingress.Resource["Properties"]!)))
            .ToList();

        // Act
        string Describe((string Group, JsonNode Rule) item) =>
            $"{item.Group}:{item.Rule["FromPort"]}<-{item.Rule["SourceSecurityGroupId"]?["Ref"]}";
        var described = rules.Select(Describe).ToHashSet();

        // Assert: no CIDR anywhere; each port only from the groups that need it.
        Assert.All(rules, item => Assert.Null(item.Rule["CidrIp"] ?? item.Rule["CidrIpv6"]));
        Assert.Equal(
            new HashSet<string>
            {
                "ClickHouseSecurityGroup:8123<-WebConnectorSecurityGroup",
                "ClickHouseSecurityGroup:9000<-WebConnectorSecurityGroup",
                "ClickHouseSecurityGroup:8123<-WorkerSecurityGroup",
                "ClickHouseSecurityGroup:9000<-WorkerSecurityGroup",
                "ClickHouseSecurityGroup:8123<-LifecycleLambdaSecurityGroup",
                "WorkerSecurityGroup:3030<-LifecycleLambdaSecurityGroup",
                "CacheSecurityGroup:6379<-WebConnectorSecurityGroup",
                "CacheSecurityGroup:6379<-WorkerSecurityGroup",
                "FileSystemSecurityGroup:2049<-ClickHouseSecurityGroup",
            },
            described);
    }

    [Fact]
    public void DatabaseIngress_WhenTheDatabaseSecurityGroupIsGiven_ShouldAdmitTheWebConnectorWorkerAndProbeOnTheDatabasePortOnly()
    {
        // Arrange
        var evaluator = Evaluate(new Dictionary<string, string> { ["DatabaseSecurityGroupId"] = "sg-0123456789abcdef0", ["DatabasePort"] = "5433" });

        // Act
        var rules = evaluator.Resources("AWS::EC2::SecurityGroupIngress")
            .Where(ingress => ingress.Resource["Condition"] is { } condition && condition.GetValue<string>() == "AddDatabaseIngress")
            .Select(ingress => evaluator.ResolvedProperties(ingress.LogicalId))
            .ToList();

        // Assert
        Assert.True(evaluator.Condition("AddDatabaseIngress"));
        Assert.All(rules, rule =>
        {
            Assert.Equal("sg-0123456789abcdef0", rule["GroupId"]!.GetValue<string>());
            Assert.Equal("5433", rule["FromPort"]!.ToString());
            Assert.Equal("5433", rule["ToPort"]!.ToString());
            Assert.Null(rule["CidrIp"]);
        });
        Assert.Equal(
            ["LifecycleLambdaSecurityGroup", "WebConnectorSecurityGroup", "WorkerSecurityGroup"],
            rules.Select(rule => rule["SourceSecurityGroupId"]!.ToJsonString()).Select(source => Regex.Match(source, "[A-Za-z]+SecurityGroup").Value).Order());
        Assert.False(Evaluate().Condition("AddDatabaseIngress"));
    }

    [Fact]
    public void Services_WhenRendered_ShouldTakeTheirDesiredCountFromTheLiveCountKeeper()
    {
        // Arrange
        var evaluator = Evaluate();

        // Act
        var counts = new[] { ("ClickHouseService", "ClickHouseDesiredCount", "ClickHouseTaskDefinition"), ("WorkerService", "WorkerDesiredCount", "WorkerTaskDefinition") };

        // Assert: never a literal count; the keeper re-reads the live count whenever the task definition changes.
        foreach (var (service, keeper, taskDefinition) in counts)
        {
            var desired = evaluator.Resource(service)["Properties"]!["DesiredCount"]!["Fn::GetAtt"]!.AsArray();
            Assert.Equal(keeper, desired[0]!.GetValue<string>());
            Assert.Equal("DesiredCount", desired[1]!.GetValue<string>());
            var keeperProperties = evaluator.Resource(keeper)["Properties"]!;
            Assert.Equal(taskDefinition, keeperProperties["TaskDefinition"]!["Ref"]!.GetValue<string>());
            Assert.Equal(
                evaluator.Resource(service)["Properties"]!["ServiceName"]!.ToJsonString(),
                keeperProperties["ServiceName"]!.ToJsonString());
        }

        Assert.Equal("WorkerCapacityProvider", evaluator.Resource("WorkerDesiredCount")["Properties"]!["CapacityProvider"]!["Ref"]!.GetValue<string>());
    }

    [Fact]
    public void DesiredCountKeeper_WhenRunAgainstEmulatedEcs_ShouldReportZeroBeforeCreationTheLiveCountAfterAndFailLoudly()
    {
        // Arrange: the keeper's inline code, run in-process against moto's ECS with CloudFormation's response URL captured.
        var code = Backend.Value["Resources"]!["DesiredCountKeeperFunction"]!["Properties"]!["Code"]!["ZipFile"]!.GetValue<string>();
        const string harness = """
            import json, sys, types, urllib.request
            from moto import mock_aws
            responses = []
            class Captured:
                def read(self):
                    return b""
            def capture(request, timeout=None):
                responses.append(json.loads(request.data))
                return Captured()
            urllib.request.urlopen = capture
            def event(kind):
                return {"RequestType": kind, "ResponseURL": "https://cloudformation-custom-resource-response/x", "StackId": "stack",
                        "RequestId": kind, "LogicalResourceId": "WorkerDesiredCount", "PhysicalResourceId": "langfuse/langfuse-worker" if kind != "Create" else None,
                        "ResourceProperties": {"Cluster": "langfuse", "ServiceName": "langfuse-worker"}}
            with mock_aws():
                import boto3
                module = types.ModuleType("keeper")
                exec(sys.argv[1], module.__dict__)
                ecs = boto3.client("ecs")
                ecs.create_cluster(clusterName="langfuse")
                module.handler(event("Create"), None)
                ecs.register_task_definition(family="w", containerDefinitions=[{"name": "w", "image": "x", "memory": 512}])
                ecs.create_service(cluster="langfuse", serviceName="langfuse-worker", taskDefinition="w", desiredCount=3)
                module.handler(event("Update"), None)
                module.handler(event("Delete"), None)
                bad = event("Update"); bad["ResourceProperties"]["Cluster"] = "no-such-cluster"
                module.handler(bad, None)
            print(json.dumps([[r["Status"], r["Data"].get("DesiredCount"), r["PhysicalResourceId"]] for r in responses]))
            """;

        // Act
        var (exitCode, output, error) = TemplateFiles.RunPython(harness, code);

        // Assert
        Assert.True(exitCode == 0, error);
        var results = JsonNode.Parse(output.Trim().Split('\n')[^1])!.AsArray();
        Assert.Equal(["SUCCESS", "0", "langfuse/langfuse-worker"], results[0]!.AsArray().Select(item => item?.ToString()));
        Assert.Equal(["SUCCESS", "3", "langfuse/langfuse-worker"], results[1]!.AsArray().Select(item => item?.ToString()));
        Assert.Equal("SUCCESS", results[2]![0]!.ToString());
        Assert.Equal("FAILED", results[3]![0]!.ToString());
    }

    private static IEnumerable<string> AsStrings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(item => item!.ToJsonString().Trim('"')),
        null => [],
        _ => [node.ToJsonString().Trim('"')],
    };

    private static bool IsMutating(string action)
    {
        var verb = action.Contains(':', StringComparison.Ordinal) ? action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..] : action;
        return !(verb.StartsWith("Describe", StringComparison.Ordinal) || verb.StartsWith("List", StringComparison.Ordinal) || verb.StartsWith("Get", StringComparison.Ordinal));
    }
}
