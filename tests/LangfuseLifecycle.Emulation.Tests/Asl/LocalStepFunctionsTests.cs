using LangfuseLifecycle.Testing.Asl;

namespace LangfuseLifecycle.Emulation.Tests.Asl;

[Trait("Category", "EndToEnd")]
public sealed class LocalStepFunctionsTests
{
    private const string Definition = """
        {
          "StartAt": "Snapshot",
          "States": {
            "Snapshot": {
              "Type": "Task",
              "Resource": "${SnapshotFunctionArn}",
              "Parameters": { "Name.$": "$$.Execution.Name" },
              "Retry": [{ "ErrorEquals": ["AwsThrottledException"], "IntervalSeconds": 30, "MaxAttempts": 2 }],
              "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "MigrationFailed" }],
              "Next": "WaitForSnapshot"
            },
            "WaitForSnapshot": { "Type": "Wait", "Seconds": 600, "Next": "Done" },
            "Done": { "Type": "Succeed" },
            "MigrationFailed": { "Type": "Fail", "Error": "MigrationFailed", "Cause": "snapshot step failed" }
          }
        }
        """;

    private static readonly Dictionary<string, string> Substitutions = new()
    {
        ["SnapshotFunctionArn"] = "arn:aws:lambda:us-east-1:123456789012:function:snapshot",
    };

    [Fact]
    public async Task RunAsync_WhenATaskIsThrottledOnce_ShouldRetryItWithoutWaitingAndSucceed()
    {
        // Arrange
        var request = new AslExecutionRequest(Definition)
        {
            Substitutions = Substitutions,
            ContextJson = """{"Execution":{"Name":"exec-1"}}""",
            TaskOutcomes = new Dictionary<string, IReadOnlyList<AslTaskOutcome>>
            {
                ["Snapshot"] = [AslTaskOutcome.Throw("AwsThrottledException", "Rate exceeded"), AslTaskOutcome.Return("""{"snapshot":"langfuse-pre-v3-exec-1"}""")],
            },
        };

        // Act
        var result = await LocalStepFunctions.RunAsync(request);

        // Assert
        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.Equal(2, result.CallsOf("Snapshot"));
        Assert.Equal(1, result.RetriesOf("Snapshot"));
        Assert.Equal("exec-1", (string?)result.TaskCalls[0].Input?["Name"]);
        Assert.Equal("langfuse-pre-v3-exec-1", (string?)result.Output?["snapshot"]);
        Assert.Equal(["Snapshot", "WaitForSnapshot", "Done"], result.StatesEntered.Distinct());
    }

    [Fact]
    public async Task RunAsync_WhenATaskFailsWithANonRetriedError_ShouldRouteThroughCatchToTheFailState()
    {
        // Arrange
        var request = new AslExecutionRequest(Definition)
        {
            Substitutions = Substitutions,
            TaskOutcomes = new Dictionary<string, IReadOnlyList<AslTaskOutcome>>
            {
                ["Snapshot"] = [AslTaskOutcome.Throw("DatabaseNotFoundException", "no cluster langfuse")],
            },
        };

        // Act
        var result = await LocalStepFunctions.RunAsync(request);

        // Assert
        Assert.False(result.Succeeded);
        Assert.Equal(("MigrationFailed", "snapshot step failed"), (result.Error, result.Cause));
        Assert.Equal(1, result.CallsOf("Snapshot"));
        Assert.Equal(["Snapshot", "MigrationFailed"], result.StatesEntered);
    }

    [Fact]
    public async Task RunAsync_WhenATaskStateHasNoScriptedOutcome_ShouldFailTheTestNamingTheState()
    {
        // Arrange
        var request = new AslExecutionRequest(Definition) { Substitutions = Substitutions };

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalStepFunctions.RunAsync(request));

        // Assert
        Assert.Contains("Snapshot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_WhenDefinitionsAreValidAndInvalid_ShouldTellThemApart()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("asl-");
        var valid = Path.Combine(directory.FullName, "valid.asl.json");
        var invalid = Path.Combine(directory.FullName, "invalid.asl.json");
        await File.WriteAllTextAsync(valid, Definition);
        await File.WriteAllTextAsync(invalid, """{"StartAt":"A","States":{"A":{"Type":"Bogus","End":true}}}""");

        try
        {
            // Act
            var validResult = await LocalStepFunctions.ValidateAsync([valid]);
            var invalidResult = await LocalStepFunctions.ValidateAsync([invalid]);

            // Assert
            Assert.True(validResult.IsValid, validResult.Messages);
            Assert.False(invalidResult.IsValid);
            Assert.Contains("/States/A/Type", invalidResult.Messages, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
