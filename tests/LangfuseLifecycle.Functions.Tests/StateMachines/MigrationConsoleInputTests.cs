using System.Text.Json;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Asl;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>
/// The Step Functions console pre-fills <c>{"Comment": "Insert your JSON here"}</c> as the execution input. Run through
/// the real definition on aws-local-stepfunctions, the preflight payload that input produces must deserialize with the
/// preflight function's own type info into the same settings as <c>{}</c>.
/// </summary>
public class MigrationConsoleInputTests
{
    private static readonly string Definition = File.ReadAllText(RepositoryFiles.PathOf("statemachines", "migration.asl.json"));

    [Fact]
    public async Task Preflight_WhenStartedWithTheConsolesDefaultInput_ShouldReadTheSameSettingsAsAnEmptyInput()
    {
        // Arrange
        var fromConsole = await PreflightPayloadAsync("""{"Comment": "Insert your JSON here"}""");
        var empty = await PreflightPayloadAsync("{}");

        // Act
        var consoleEvent = JsonSerializer.Deserialize(fromConsole.ToJsonString(), MigrationJsonContext.PreflightEventTypeInfo)!;
        var emptyEvent = JsonSerializer.Deserialize(empty.ToJsonString(), MigrationJsonContext.PreflightEventTypeInfo)!;

        // Assert
        Assert.Equal("Insert your JSON here", (string?)fromConsole["settings"]!["Comment"]);
        Assert.Equal(emptyEvent.Settings, consoleEvent.Settings);
    }

    [Fact]
    public async Task Preflight_WhenTheInputHasAMisspelledSetting_ShouldStillRefuseItByName()
    {
        var payload = await PreflightPayloadAsync("""{"Comment": "Insert your JSON here", "snapshotMaxPoll": 3}""");

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(payload.ToJsonString(), MigrationJsonContext.PreflightEventTypeInfo));

        Assert.Contains("snapshotMaxPoll", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> PreflightPayloadAsync(string input)
    {
        var run = await LocalStepFunctions.RunAsync(new AslExecutionRequest(Definition)
        {
            InputJson = input,
            TaskOutcomes = new Dictionary<string, IReadOnlyList<AslTaskOutcome>>
            {
                ["Preflight"] = [AslTaskOutcome.Throw("PreflightFailedException", "stop after the payload is recorded")],
            },
        });

        Assert.Equal("PreflightFailedException", run.Error);
        return run.TaskCalls.Single(call => call.State == "Preflight").Input!["Payload"]!;
    }
}
