using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Templates;

/// <summary>
/// What a real <c>sam build</c> / <c>sam deploy</c> trial found (deploy review H1, M1–M6, Low): each test names the
/// defect it keeps out.
/// </summary>
public partial class DeployDefectTests
{
    // docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html: inside Rules only Ref and these.
    private static readonly HashSet<string> RuleFunctions =
    [
        "Ref", "Fn::And", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::Equals", "Fn::Not", "Fn::Or",
        "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll",
    ];

    // Nested parameters the parent deliberately does not forward, and why.
    private static readonly Dictionary<string, string> NestedParametersKeptAtTheirDefault = new()
    {
        // The parent's ClickHouseUser names an existing backend's user (default ""); the created one keeps "langfuse".
        ["ClickHouseUser"] = "the parent's ClickHouseUser belongs to BackendMode=existing",
    };

    private static readonly Lazy<JsonObject> Parent = new(() => TemplateFiles.Render(TemplateFiles.ParentTemplate));
    private static readonly Lazy<JsonObject> Backend = new(() => TemplateFiles.Render(TemplateFiles.BackendTemplate));

    private static readonly Dictionary<string, string> ExistingMode = new()
    {
        ["BackendMode"] = "existing",
        ["LangfuseCluster"] = "langfuse",
        ["ClickHouseService"] = "langfuse-clickhouse",
        ["WorkerServices"] = "langfuse-worker",
        ["ClickHouseFileSystemId"] = "fs-0123456789abcdef0",
    };

    private static readonly Dictionary<string, string> Migration = new(ExistingMode)
    {
        ["LangfuseWebServiceArn"] = "arn:aws:apprunner:ap-northeast-1:123456789012:service/langfuse-web/0123456789abcdef0123456789abcdef",
        ["LangfuseDatabaseIdentifier"] = "langfuse-db",
        ["V3WebImage"] = "public.ecr.aws/langfuse/langfuse:3.29.0",
        ["WorkerRoleArns"] = "arn:aws:iam::123456789012:role/worker-task,arn:aws:iam::123456789012:role/worker-execution",
    };

    [Theory]
    [InlineData("template.yaml")]
    [InlineData("templates/backend.yaml")]
    public void Rules_WhenWalked_ShouldUseOnlyRuleFunctions(string template)
    {
        // Arrange
        var rendered = template == "template.yaml" ? Parent.Value : Backend.Value;
        var used = new List<string>();

        // Act
        Walk(rendered["Rules"], used);

        // Assert: anything else (Fn::Join, Fn::Select, Fn::Split...) may be refused at CreateChangeSet for every deploy.
        Assert.Empty(used.Where(function => !RuleFunctions.Contains(function)).Distinct());
    }

    [Theory]
    [InlineData("", "BackendMode=create needs BackendSubnetIds")]
    [InlineData("subnet-0123456789abcdef0,,subnet-0123456789abcdef1", "BackendMode=create needs BackendSubnetIds")]
    public void Rules_WhenCreateModeSubnetListIsEmptyOrHasAHole_ShouldRefuseNamingIt(string subnets, string expected)
    {
        // Arrange
        var values = new Dictionary<string, string>
        {
            ["BackendMode"] = "create",
            ["BackendVpcId"] = "vpc-0123456789abcdef0",
            ["BackendSubnetIds"] = subnets,
            ["ClickHouseAvailabilityZone"] = "ap-northeast-1a",
            ["ClickHouseSubnetId"] = "subnet-0123456789abcdef0",
            ["DatabaseUrlSecretArn"] = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:langfuse-db-AbCdEf",
        };

        // Act
        var failed = new TemplateEvaluator(Parent.Value, values).FailedRuleAssertions();

        // Assert
        Assert.StartsWith(expected, Assert.Single(failed), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LifecycleSubnetIds", "subnet-0123456789abcdef0", "LifecycleSubnetIds is set, so LifecycleSecurityGroupId must be too")]
    [InlineData("LifecycleSecurityGroupId", "sg-0123456789abcdef0", "LifecycleSecurityGroupId is set, so LifecycleSubnetIds must be too")]
    public void Rules_WhenOnlyOneHalfOfTheLifecycleVpcIsGiven_ShouldRefuseNamingTheMissingOne(string given, string value, string expected)
    {
        // Arrange: Lambda refuses subnets without security groups (and the reverse) at CreateFunction.
        var values = new Dictionary<string, string>(ExistingMode) { [given] = value };
        var evaluator = new TemplateEvaluator(Parent.Value, values);

        // Act
        var failed = evaluator.FailedRuleAssertions();

        // Assert
        Assert.StartsWith(expected, Assert.Single(failed), StringComparison.Ordinal);
        Assert.False(evaluator.Condition("LifecycleLambdasInVpc"));
        Assert.False(evaluator.Condition("MigrationProbeInVpc"));
    }

    [Fact]
    public void ScalerVpcConfig_WhenSubnetsAndSecurityGroupAreGiven_ShouldJoinTheVpcWithBoth()
    {
        // Arrange
        var values = new Dictionary<string, string>(ExistingMode)
        {
            ["LifecycleSubnetIds"] = "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
            ["LifecycleSecurityGroupId"] = "sg-0123456789abcdef0",
        };
        var evaluator = new TemplateEvaluator(Parent.Value, values);

        // Act
        var vpc = evaluator.ResolvedProperties("ScalerFunction")["VpcConfig"]!;

        // Assert
        Assert.Empty(evaluator.FailedRuleAssertions());
        Assert.True(evaluator.Condition("LifecycleLambdasInVpc"));
        Assert.Equal("sg-0123456789abcdef0", vpc["SecurityGroupIds"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("LangfuseDatabaseIdentifier", "LangfuseWebServiceArn is set, so LangfuseDatabaseIdentifier must be too")]
    [InlineData("V3WebImage", "LangfuseWebServiceArn is set, so V3WebImage must be too")]
    public void Rules_WhenTheWebIsNamedWithoutAMigrationInput_ShouldRefuseNamingIt(string parameter, string expected)
    {
        // Arrange: IAM would be built on "...:cluster:" and preflight could never pass.
        var values = new Dictionary<string, string>(Migration) { [parameter] = string.Empty };

        // Act
        var failed = new TemplateEvaluator(Parent.Value, values).FailedRuleAssertions();

        // Assert
        Assert.StartsWith(expected, Assert.Single(failed), StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_WhenTheMigrationHasAllItsInputs_ShouldPass()
    {
        // Act
        var failed = new TemplateEvaluator(Parent.Value, Migration).FailedRuleAssertions();

        // Assert
        Assert.Empty(failed);
    }

    [Fact]
    public void Rules_WhenExistingModeMigratesWithoutTheWorkerRoles_ShouldRefuseNamingThem()
    {
        // Arrange: registering a worker revision passes its roles, and IAM lets the migration pass only these.
        var values = new Dictionary<string, string>(Migration) { ["WorkerRoleArns"] = string.Empty };

        // Act
        var failed = new TemplateEvaluator(Parent.Value, values).FailedRuleAssertions();

        // Assert
        Assert.StartsWith("BackendMode=existing with a migration needs WorkerRoleArns", Assert.Single(failed), StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_WhenExistingModeHasNoWorkerServices_ShouldRefuseNamingIt()
    {
        // Arrange: the scaler throws at init without WORKER_SERVICES, so every scheduled run would fail after a "successful" deploy.
        var values = new Dictionary<string, string>(ExistingMode) { ["WorkerServices"] = string.Empty };

        // Act
        var failed = new TemplateEvaluator(Parent.Value, values).FailedRuleAssertions();

        // Assert
        Assert.StartsWith("BackendMode=existing needs WorkerServices", Assert.Single(failed), StringComparison.Ordinal);
    }

    [Fact]
    public void BackendStackParameters_WhenCompared_ShouldForwardEveryNestedParameterTheCostTableSizes()
    {
        // Arrange
        var passed = Parent.Value["Resources"]!["BackendStack"]!["Properties"]!["Parameters"]!.AsObject();
        var nested = Backend.Value["Parameters"]!.AsObject().Select(pair => pair.Key);

        // Act
        var notForwarded = nested.Where(name => !passed.ContainsKey(name) && !NestedParametersKeptAtTheirDefault.ContainsKey(name)).ToList();

        // Assert: a templates/backend.yaml parameter without a parent parameter cannot be set by `sam deploy`.
        Assert.True(notForwarded.Count == 0,
            $"template.yaml's BackendStack does not pass {string.Join(", ", notForwarded)}: add a parent parameter for each and "
            + "forward it in BackendStack.Properties.Parameters (or list it in NestedParametersKeptAtTheirDefault with the reason)");
        foreach (var sizing in new[] { "WorkerCpu", "WorkerMemory", "ClickHouseCpu", "ClickHouseMemory", "ClickHouseCpuArchitecture", "EfsBackup", "ServiceDiscoveryNamespaceName" })
        {
            Assert.Equal(sizing, passed[sizing]!["Ref"]?.GetValue<string>());
        }
    }

    [Fact]
    public void BackendStackParameters_WhenTheCostPresetIsGiven_ShouldReachTheNestedStack()
    {
        // Arrange: the README's "$60" preset, 0.5 vCPU / 1 GB worker and an arm64 ClickHouse.
        var values = new Dictionary<string, string>
        {
            ["BackendMode"] = "create",
            ["WorkerCpu"] = "512",
            ["WorkerMemory"] = "1024",
            ["ClickHouseCpuArchitecture"] = "ARM64",
        };

        // Act
        var parameters = new TemplateEvaluator(Parent.Value, values).ResolvedProperties("BackendStack")["Parameters"]!;

        // Assert
        Assert.Equal("512", parameters["WorkerCpu"]!.ToString());
        Assert.Equal("1024", parameters["WorkerMemory"]!.ToString());
        Assert.Equal("ARM64", parameters["ClickHouseCpuArchitecture"]!.ToString());
    }

    [Fact]
    public void Functions_WhenRendered_ShouldEachLogToTheirOwnGroupWithTheRetentionParameter()
    {
        // Arrange
        var resources = Parent.Value["Resources"]!.AsObject();
        var functions = resources.Where(pair => pair.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function").ToList();

        // Assert
        Assert.Equal("30", Parent.Value["Parameters"]!["FunctionLogRetentionDays"]!["Default"]!.ToString());
        Assert.Equal(13, functions.Count);
        foreach (var (name, function) in functions)
        {
            var logging = function!["Properties"]!["LoggingConfig"]!;
            var group = logging["LogGroup"]?["Ref"]?.GetValue<string>();
            Assert.True(group is not null, $"{name} has no LoggingConfig.LogGroup: Lambda would create /aws/lambda/{name} without retention");
            Assert.Equal("AWS::Logs::LogGroup", resources[group]!["Type"]!.GetValue<string>());
            Assert.Equal("FunctionLogRetentionDays", resources[group]!["Properties"]!["RetentionInDays"]!["Ref"]!.GetValue<string>());
            Assert.Equal(function["Condition"]?.ToString(), resources[group]!["Condition"]?.ToString());
            Assert.Equal("INFO", logging["SystemLogLevel"]!.GetValue<string>());
        }
    }

    [Fact]
    public void DeployedFiles_WhenRead_ShouldNotHardCodeTheAwsPartition()
    {
        // Arrange: everything CloudFormation or Step Functions reads: both stacks' templates and the ASL definitions.
        var root = TemplateFiles.RepositoryRoot;
        var files = new[] { "template.yaml" }
            .Concat(Directory.GetFiles(Path.Combine(root, "templates"), "*.yaml").Select(path => Path.GetRelativePath(root, path)))
            .Concat(Directory.GetFiles(Path.Combine(root, "statemachines"), "*.asl.json").Select(path => Path.GetRelativePath(root, path)))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Act
        var hardCoded = files
            .SelectMany(file => File.ReadAllText(Path.Combine(root, file)).Split('\n').Select((line, index) => (file, line, index)))
            .Where(item => item.line.Contains("arn:aws:", StringComparison.Ordinal))
            .Select(item => $"{item.file}:{item.index + 1}: {item.line.Trim()}")
            .ToList();

        // Assert: aws-cn and aws-us-gov ARNs start differently; ${AWS::Partition} (the ASL's ${Partition}) fits them all.
        Assert.Contains(files, file => file.StartsWith("templates", StringComparison.Ordinal));
        Assert.Contains(files, file => file.StartsWith("statemachines", StringComparison.Ordinal));
        Assert.True(hardCoded.Count == 0, string.Join("\n", hardCoded));
    }

    [Fact]
    public void MigrationStateMachine_WhenSubstituted_ShouldTakeThePartitionFromTheStack()
    {
        // Arrange
        var definition = File.ReadAllText(Path.Combine(TemplateFiles.RepositoryRoot, "statemachines", "migration.asl.json"));
        var substitutions = Parent.Value["Resources"]!["MigrationStateMachine"]!["Properties"]!["DefinitionSubstitutions"]!;

        // Act
        var tasks = JsonNode.Parse(definition)!["States"]!.AsObject()
            .Where(state => state.Value!["Type"]!.GetValue<string>() == "Task")
            .Select(state => state.Value!["Resource"]!.GetValue<string>())
            .ToList();

        // Assert: every Task's service integration ARN is in the stack's own partition.
        Assert.NotEmpty(tasks);
        Assert.All(tasks, resource => Assert.Equal("arn:${Partition}:states:::lambda:invoke", resource));
        Assert.Equal("AWS::Partition", substitutions["Partition"]!["Ref"]!.GetValue<string>());
    }

    [Fact]
    public void ClickHouseService_WhenRendered_ShouldNotRebalanceAcrossZones()
    {
        // Act
        var service = Backend.Value["Resources"]!["ClickHouseService"]!["Properties"]!;

        // Assert: rebalancing starts a second writer in another AZ before stopping the first.
        Assert.Equal("DISABLED", service["AvailabilityZoneRebalancing"]!.GetValue<string>());
    }

    [Fact]
    public void DesiredCountKeeper_WhenItAnswersCloudFormation_ShouldReturnAnInteger()
    {
        // Arrange: the keeper's inline code with a stub ECS client and a captured response PUT.
        const string Script = """
            import json, sys, types, urllib.request
            from cfnlint.decode import cfn_yaml
            template = cfn_yaml.load(sys.argv[1])
            code = template["Resources"]["DesiredCountKeeperFunction"]["Properties"]["Code"]["ZipFile"]
            class Ecs:
                def describe_services(self, cluster, services):
                    return {"services": [{"status": "ACTIVE", "desiredCount": 2}]}
            sys.modules["boto3"] = types.SimpleNamespace(client=lambda name: Ecs())
            sent = []
            class Answer:
                def read(self): return b""
            urllib.request.urlopen = lambda request, timeout: sent.append(json.loads(request.data)) or Answer()
            scope = {}
            exec(code, scope)
            scope["handler"]({"RequestType": "Update", "ResponseURL": "http://localhost/", "StackId": "s", "RequestId": "r",
                              "LogicalResourceId": "WorkerDesiredCount", "PhysicalResourceId": "langfuse/langfuse-worker",
                              "ResourceProperties": {"Cluster": "langfuse", "ServiceName": "langfuse-worker"}}, None)
            print(json.dumps(sent[0]))
            """;

        // Act
        var (exitCode, output, error) = TemplateFiles.RunPython(Script, TemplateFiles.BackendTemplate);

        // Assert: DesiredCount is an Integer property; registry resources have refused strings for those.
        Assert.True(exitCode == 0, error);
        var answer = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
        Assert.Equal("SUCCESS", answer["Status"]!.GetValue<string>());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, answer["Data"]!["DesiredCount"]!.GetValueKind());
        Assert.Equal(2, answer["Data"]!["DesiredCount"]!.GetValue<int>());
    }

    [Fact]
    public void SamConfig_WhenRead_ShouldSetOnlyBuildOptionsThatWorkForMakefileBuilds()
    {
        // Arrange
        var samconfig = File.ReadAllText(Path.Combine(TemplateFiles.RepositoryRoot, "samconfig.toml"));

        // Assert: SAM never reuses makefile builds (cached only doubles .aws-sam); --parallel is safe with the Makefile's lock.
        Assert.DoesNotMatch(@"(?m)^\s*cached\s*=\s*true", samconfig);
        Assert.DoesNotMatch(@"(?m)^\s*parallel\s*=\s*false", samconfig);
        Assert.DoesNotContain("Architecture=", samconfig, StringComparison.Ordinal);
    }

    [Fact]
    public void DevEnvironment_WhenItsOverridesMissTheBackendNames_ShouldBeDeployedGuidedFirstAsTheReadmeSays()
    {
        // Arrange: what `sam deploy --config-env dev` sends on a fresh checkout.
        var samconfig = File.ReadAllText(Path.Combine(TemplateFiles.RepositoryRoot, "samconfig.toml"));
        var dev = samconfig[samconfig.IndexOf("[dev.deploy.parameters]", StringComparison.Ordinal)..];
        var overrides = OverridesPattern().Match(dev).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        var readme = File.ReadAllText(Path.Combine(TemplateFiles.RepositoryRoot, "README.md"));

        // Act
        var failed = new TemplateEvaluator(Parent.Value, overrides).FailedRuleAssertions();

        // Assert
        if (failed.Count > 0)
        {
            Assert.Contains("sam deploy --guided --config-env dev", readme, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"sam build && sam deploy --config-env dev`", readme);
        }
    }

    private static void Walk(JsonNode? node, List<string> functions)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal))
                    {
                        functions.Add(key);
                    }

                    Walk(child, functions);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, functions);
                }

                break;
        }
    }

    [GeneratedRegex("parameter_overrides\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex OverridesPattern();
}
