using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.StepFunctions;

[Collection(MotoCollection.Name)]
public sealed class AmazonStepFunctionsClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonStepFunctionsClient client = new(moto.Config);

    [Fact]
    public async Task ExecutionOperations_WhenStartedWithEmptyInput_ShouldBeDescribedListedAndHaveHistory()
    {
        // Arrange
        var name = MotoSeeder.UniqueName("migrate");
        var seed = await MotoSeeder.RunAsync(moto, $$"""
            definition = json.dumps({'StartAt': 'Done', 'States': {'Done': {'Type': 'Pass', 'End': True} } })
            arn = client('stepfunctions').create_state_machine(name='{{name}}', definition=definition, roleArn='arn:aws:iam::123456789012:role/sfn')['stateMachineArn']
            print(json.dumps({'arn': arn}))
            """);
        var stateMachineArn = seed.GetProperty("arn").GetString()!;

        // Act
        var started = await client.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = stateMachineArn, Name = "run-1", Input = "{}" });
        var described = await client.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started.ExecutionArn });
        var listed = await client.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = stateMachineArn });
        var history = await client.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = started.ExecutionArn });

        // Assert
        Assert.EndsWith(":run-1", started.ExecutionArn);
        Assert.NotNull(started.StartDate);
        Assert.Equal(stateMachineArn, described.StateMachineArn);
        Assert.Equal("{}", described.Input);
        Assert.Contains(described.Status, new[] { "RUNNING", "SUCCEEDED" });
        Assert.Equal(started.ExecutionArn, Assert.Single(listed.Executions!).ExecutionArn);
        Assert.NotEmpty(history.Events!);
        Assert.Equal("ExecutionStarted", history.Events![0].Type);
        Assert.NotNull(history.Events[0].Timestamp);
    }
}
