using System.Globalization;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Cli.Demo;

namespace LangfuseLifecycle.Cli.Tests.Demo;

/// <summary>The demo's emulated migration functions are the template's: same logical ids, Handlers and Timeouts.</summary>
public sealed partial class MigrationStackFunctionsTests
{
    private static readonly string Template = File.ReadAllText(Path.Combine(
        MigrationDemo.FindRepositoryRoot() ?? throw new InvalidOperationException("run from the repository"), "template.yaml"));

    [Fact]
    public void Definitions_WhenComparedWithTheTemplate_ShouldNameTheSameFunctionsHandlersAndTimeouts()
    {
        // Arrange
        var templateFunctions = FunctionBlock().Matches(Template)
            .Select(match => (match.Groups[1].Value, match.Groups[2].Value))
            .Where(function => function.Item1.StartsWith("Migration", StringComparison.Ordinal)).Order().ToArray();

        // Act
        var demoFunctions = MigrationStackFunctions.Definitions.Select(definition => (definition.LogicalId, definition.Handler)).Order().ToArray();

        // Assert
        Assert.NotEmpty(templateFunctions);
        Assert.Equal(templateFunctions, demoFunctions);
        Assert.All(MigrationStackFunctions.Definitions, definition =>
        {
            var timeout = Regex.Match(Template, $@"^  {definition.LogicalId}:\n(?:(?!^  \S).*\n)*?      Timeout: (\d+)", RegexOptions.Multiline);
            Assert.True(timeout.Success, $"{definition.LogicalId} has no Timeout in template.yaml");
            Assert.Equal(timeout.Groups[1].Value, definition.TimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        });
    }

    [GeneratedRegex(@"^  ([A-Za-z0-9]+):\n(?:    Condition: \S+\n)?    Type: AWS::Serverless::Function\n(?:(?!^  \S).*\n)*?      Handler: (\S+)", RegexOptions.Multiline)]
    private static partial Regex FunctionBlock();
}
