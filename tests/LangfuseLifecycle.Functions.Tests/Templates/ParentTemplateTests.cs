using System.Text.Json.Nodes;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Templates;

/// <summary>template.yaml's BackendMode wiring, after the SAM transform, in both modes; and cfn-lint on both templates.</summary>
public class ParentTemplateTests
{
    private static readonly Lazy<JsonObject> Parent = new(() => TemplateFiles.Render(TemplateFiles.ParentTemplate));
    private static readonly Lazy<JsonObject> Backend = new(() => TemplateFiles.Render(TemplateFiles.BackendTemplate));

    private static readonly Dictionary<string, string> CreateMode = new()
    {
        ["BackendMode"] = "create",
        ["BackendVpcId"] = "vpc-0123456789abcdef0",
        ["BackendSubnetIds"] = "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
        ["ClickHouseAvailabilityZone"] = "ap-northeast-1a",
        ["ClickHouseSubnetId"] = "subnet-0123456789abcdef0",
        ["DatabaseUrlSecretArn"] = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:langfuse-db-AbCdEf",
    };

    private static readonly Dictionary<string, string> ExistingMode = new()
    {
        ["BackendMode"] = "existing",
        ["LangfuseCluster"] = "langfuse",
        ["ClickHouseService"] = "langfuse-clickhouse",
        ["WorkerServices"] = "langfuse-worker",
        ["ClickHouseFileSystemId"] = "fs-0123456789abcdef0",
    };

    [Fact]
    public void CfnLint_WhenBothTemplatesLintedWithDefaults_ShouldFindNothing()
    {
        // Act
        var (exitCode, output) = TemplateFiles.CfnLint(TemplateFiles.ParentTemplate, TemplateFiles.BackendTemplate);

        // Assert
        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("existing")]
    public void CfnLint_WhenParentLintedInEachBackendMode_ShouldFindNothing(string mode)
    {
        // Arrange
        var values = mode == "create" ? CreateMode : ExistingMode;
        var arguments = new List<string> { TemplateFiles.ParentTemplate, "--parameters" };
        arguments.AddRange(values.Select(pair => $"{pair.Key}={pair.Value}"));

        // Act
        var (exitCode, output) = TemplateFiles.CfnLint([.. arguments]);

        // Assert
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void CfnLint_WhenBackendLintedWithRealisticParameters_ShouldFindNothing()
    {
        // Arrange: list parameters must be JSON arrays in a cfn-lint parameter file.
        var file = Path.Combine(Path.GetTempPath(), $"backend-parameters-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            [{"ParameterKey":"VpcId","ParameterValue":"vpc-0123456789abcdef0"},
             {"ParameterKey":"PrivateSubnetIds","ParameterValue":["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]},
             {"ParameterKey":"ClickHouseAvailabilityZone","ParameterValue":"ap-northeast-1a"},
             {"ParameterKey":"ClickHouseSubnetId","ParameterValue":"subnet-0123456789abcdef0"},
             {"ParameterKey":"DatabaseUrlSecretArn","ParameterValue":"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:langfuse-db-AbCdEf:url::"},
             {"ParameterKey":"ValkeyEngineVersion","ParameterValue":"8.0"},
             {"ParameterKey":"EventObjectExpirationDays","ParameterValue":"30"},
             {"ParameterKey":"WorkerCapacityProvider","ParameterValue":"FARGATE"}]
            """);

        try
        {
            // Act
            var (exitCode, output) = TemplateFiles.CfnLint(TemplateFiles.BackendTemplate, "--parameter-files", file);

            // Assert
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BackendStack_WhenRendered_ShouldExistOnlyInCreateModeAndPointAtTheNestedTemplate()
    {
        // Act
        var create = new TemplateEvaluator(Parent.Value, CreateMode);
        var existing = new TemplateEvaluator(Parent.Value, ExistingMode);
        var stack = create.Resource("BackendStack");

        // Assert
        Assert.Equal("AWS::CloudFormation::Stack", stack["Type"]!.GetValue<string>());
        Assert.Equal("CreateBackend", stack["Condition"]!.GetValue<string>());
        Assert.Equal("templates/backend.yaml", stack["Properties"]!["TemplateURL"]!.GetValue<string>());
        Assert.True(create.Condition("CreateBackend"));
        Assert.False(existing.Condition("CreateBackend"));
        Assert.True(existing.Condition("UseExistingBackend"));
    }

    [Fact]
    public void BackendStackParameters_WhenRendered_ShouldFillEveryRequiredNestedParameterAndNoUnknownOne()
    {
        // Arrange
        var passed = Parent.Value["Resources"]!["BackendStack"]!["Properties"]!["Parameters"]!.AsObject().Select(pair => pair.Key).ToHashSet();
        var nested = Backend.Value["Parameters"]!.AsObject();

        // Act
        var unknown = passed.Where(name => !nested.ContainsKey(name)).ToList();
        var missing = nested.Where(pair => pair.Value!["Default"] is null && !passed.Contains(pair.Key)).Select(pair => pair.Key).ToList();

        // Assert
        Assert.Empty(unknown);
        Assert.Empty(missing);
    }

    [Fact]
    public void BackendOutputs_WhenCreateMode_ShouldComeFromTheNestedStacksOutputs()
    {
        // Arrange
        var evaluator = new TemplateEvaluator(Parent.Value, CreateMode);
        var nestedOutputs = Backend.Value["Outputs"]!.AsObject();
        // The lease table is the parent's own resource in both modes (BackendLeaseTableName), not the nested stack's.
        var parentResources = Parent.Value["Resources"]!.AsObject();
        var wiring = Parent.Value["Outputs"]!.AsObject()
            .Where(pair => pair.Key.StartsWith("Backend", StringComparison.Ordinal) && pair.Key != "BackendMode")
            .Where(pair => !(pair.Value!["Value"]!["Ref"] is JsonValue reference && parentResources.ContainsKey(reference.GetValue<string>())))
            .ToList();

        // Act
        var resolved = wiring.ToDictionary(pair => pair.Key, pair => evaluator.Resolve(pair.Value!["Value"])!);

        // Assert
        Assert.Contains("BackendLangfuseCluster", resolved.Keys);
        Assert.Contains("BackendClickHouseFileSystemId", resolved.Keys);
        Assert.Contains("BackendWebVpcConnectorArn", resolved.Keys);
        foreach (var (name, value) in resolved)
        {
            var getAtt = value["Fn::GetAtt"]!.AsArray();
            Assert.Equal("BackendStack", getAtt[0]!.GetValue<string>());
            var output = getAtt[1]!.GetValue<string>();
            Assert.StartsWith("Outputs.", output, StringComparison.Ordinal);
            Assert.True(nestedOutputs.ContainsKey(output["Outputs.".Length..]), $"{name} reads {output}, which backend.yaml does not output");
        }
    }

    [Fact]
    public void BackendOutputs_WhenExistingMode_ShouldComeFromTheParameters()
    {
        // Arrange
        var evaluator = new TemplateEvaluator(Parent.Value, ExistingMode);

        // Act
        var cluster = evaluator.Resolve(Parent.Value["Outputs"]!["BackendLangfuseCluster"]!["Value"]);
        var fileSystem = evaluator.Resolve(Parent.Value["Outputs"]!["BackendClickHouseFileSystemId"]!["Value"]);
        var workers = evaluator.Resolve(Parent.Value["Outputs"]!["BackendWorkerServices"]!["Value"]);

        // Assert
        Assert.Equal("langfuse", cluster!.GetValue<string>());
        Assert.Equal("fs-0123456789abcdef0", fileSystem!.GetValue<string>());
        Assert.Equal("langfuse-worker", workers!.GetValue<string>());
        Assert.False(evaluator.Condition("LifecycleLambdasInVpc"));
    }

    [Fact]
    public void Rules_WhenEachModeHasItsParameters_ShouldPass()
    {
        // Act
        var create = new TemplateEvaluator(Parent.Value, CreateMode).FailedRuleAssertions();
        var existing = new TemplateEvaluator(Parent.Value, ExistingMode).FailedRuleAssertions();

        // Assert
        Assert.Empty(create);
        Assert.Empty(existing);
    }

    [Theory]
    [InlineData("create", "ClickHouseSubnetId", "BackendMode=create needs ClickHouseSubnetId")]
    [InlineData("create", "BackendSubnetIds", "BackendMode=create needs BackendSubnetIds")]
    [InlineData("create", "DatabaseUrlSecretArn", "BackendMode=create needs DatabaseUrlSecretArn")]
    [InlineData("existing", "LangfuseCluster", "BackendMode=existing needs LangfuseCluster")]
    [InlineData("existing", "ClickHouseFileSystemId", "BackendMode=existing needs ClickHouseFileSystemId")]
    public void Rules_WhenARequiredParameterIsEmpty_ShouldRefuseNamingIt(string mode, string parameter, string expected)
    {
        // Arrange
        var values = new Dictionary<string, string>(mode == "create" ? CreateMode : ExistingMode) { [parameter] = string.Empty };

        // Act
        var failed = new TemplateEvaluator(Parent.Value, values).FailedRuleAssertions();

        // Assert
        var message = Assert.Single(failed);
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_WhenRendered_ShouldRefuseEachModeWithoutItsRequiredParameters()
    {
        // Act
        var rules = Parent.Value["Rules"]!.AsObject();

        // Assert: CloudFormation checks Rules before changing anything.
        var create = rules["CreatedBackendNeedsNetworkAndDatabase"]!["Assertions"]!.AsArray().Select(item => item!["AssertDescription"]!.GetValue<string>()).ToList();
        Assert.Contains(create, text => text.Contains("ClickHouseSubnetId", StringComparison.Ordinal));
        Assert.Contains(create, text => text.Contains("DatabaseUrlSecretArn", StringComparison.Ordinal));
        var existing = rules["ExistingBackendNeedsItsNames"]!["Assertions"]!.AsArray().Select(item => item!["AssertDescription"]!.GetValue<string>()).ToList();
        Assert.Contains(existing, text => text.Contains("LangfuseCluster", StringComparison.Ordinal));
    }
}
