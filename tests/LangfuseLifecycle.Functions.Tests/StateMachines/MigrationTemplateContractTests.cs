using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>
/// migration.asl.json, template.yaml, the Makefile and the handler registry must agree: every placeholder is substituted,
/// every function ARN points at a function whose Handler the bootstrap serves, and sam build builds it.
/// </summary>
public partial class MigrationTemplateContractTests
{
    private static readonly string Template = File.ReadAllText(RepositoryFiles.PathOf("template.yaml"));
    private static readonly string Definition = File.ReadAllText(RepositoryFiles.PathOf("statemachines", "migration.asl.json"));

    [Fact]
    public void DefinitionSubstitutions_WhenComparedWithTheAslPlaceholders_ShouldMatchExactly()
    {
        var placeholders = Placeholder().Matches(Definition).Select(match => match.Groups[1].Value).ToHashSet();
        var substituted = Substitutions().Keys.ToHashSet();

        Assert.NotEmpty(placeholders);
        Assert.Empty(placeholders.Except(substituted));
        Assert.Empty(substituted.Except(placeholders));
    }

    [Fact]
    public void FunctionArnSubstitutions_WhenResolved_ShouldNameServerlessFunctionsOfTheTemplate()
    {
        var functions = Functions();
        var arns = Substitutions().Where(pair => pair.Key.EndsWith("FunctionArn", StringComparison.Ordinal)).ToArray();

        Assert.Equal(12, arns.Length);
        foreach (var (key, value) in arns)
        {
            var logicalId = Assert.Single(GetAttArn().Matches(value).Select(match => match.Groups[1].Value));
            Assert.Equal(key[..^"Arn".Length], logicalId);
            Assert.True(functions.ContainsKey(logicalId), $"{key} points at {logicalId}, which is no AWS::Serverless::Function");
        }
    }

    [Fact]
    public void Handlers_WhenNamedByTemplateFunctions_ShouldExistInTheRegistry()
    {
        var known = HandlerRegistry.Default.Names.ToHashSet(StringComparer.Ordinal);
        var migrationFunctions = Functions().Where(function => function.Key.StartsWith("Migration", StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(migrationFunctions);
        Assert.All(migrationFunctions, function => Assert.True(known.Contains(function.Value), $"{function.Key} has Handler '{function.Value}', which the bootstrap does not serve"));
        Assert.All(migrationFunctions, function => Assert.StartsWith("migration-", function.Value));
    }

    [Fact]
    public void Makefile_WhenSamBuildsTheMigrationFunctions_ShouldListEveryOne()
    {
        var makefile = File.ReadAllText(RepositoryFiles.PathOf("src", "LangfuseLifecycle.Functions", "Makefile"));

        Assert.All(Functions().Keys, logicalId => Assert.Matches($@"\t{logicalId}( \\)?\n", makefile));
    }

    [Fact]
    public void StateMachinePolicies_WhenListingInvokableFunctions_ShouldNameExactlyTheStepFunctions()
    {
        var invokable = InvokePolicy().Matches(Template).Select(match => match.Groups[1].Value).ToHashSet();
        var steps = Functions().Keys.Where(id => id.StartsWith("Migration", StringComparison.Ordinal)).ToHashSet();

        Assert.Equal(steps.Order(), invokable.Order());
    }

    [Fact]
    public void Template_WhenDeclaringTheStateMachine_ShouldUseTheDefinitionFileAndKeepNoInlineDefinition()
    {
        Assert.Contains("DefinitionUri: statemachines/migration.asl.json", Template);
        Assert.DoesNotContain("Definition:", Template);
    }

    private static Dictionary<string, string> Functions() =>
        FunctionBlock().Matches(Template).ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Value);

    private static Dictionary<string, string> Substitutions()
    {
        var start = Template.IndexOf("      DefinitionSubstitutions:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "template.yaml has no DefinitionSubstitutions");
        var lines = Template[(start + "      DefinitionSubstitutions:\n".Length)..].Split('\n').TakeWhile(line => line.StartsWith("        ", StringComparison.Ordinal));
        return lines.Select(line => line.Trim().Split(':', 2)).ToDictionary(parts => parts[0], parts => parts[1].Trim());
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^!GetAtt ([A-Za-z0-9]+)\.Arn$")]
    private static partial Regex GetAttArn();

    [GeneratedRegex(@"^  ([A-Za-z0-9]+):\n(?:    Condition: \S+\n)?    Type: AWS::Serverless::Function\n(?:(?!^  \S).*\n)*?      Handler: (\S+)", RegexOptions.Multiline)]
    private static partial Regex FunctionBlock();

    [GeneratedRegex(@"- LambdaInvokePolicy:\n\s+FunctionName: !Ref ([A-Za-z0-9]+)")]
    private static partial Regex InvokePolicy();
}
