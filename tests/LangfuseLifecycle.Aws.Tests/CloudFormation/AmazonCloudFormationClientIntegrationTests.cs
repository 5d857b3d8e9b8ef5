using LangfuseLifecycle.Aws.CloudFormation;
using LangfuseLifecycle.Aws.CloudFormation.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.CloudFormation;

[Collection(MotoCollection.Name)]
public sealed class AmazonCloudFormationClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonCloudFormationClient client = new(moto.Config);

    [Fact]
    public async Task DescribeStacksAsync_WhenStackHasParametersAndOutputs_ShouldReturnThem()
    {
        // Arrange
        var stackName = MotoSeeder.UniqueName("langfuse-v3-backend");
        await MotoSeeder.RunAsync(moto, $$"""
            template = {'Parameters': {'Environment': {'Type': 'String'} }, 'Resources': {'Topic': {'Type': 'AWS::SNS::Topic'} },
                        'Outputs': {'TopicArn': {'Value': {'Ref': 'Topic'}, 'Description': 'alerts'} } }
            client('cloudformation').create_stack(StackName='{{stackName}}', TemplateBody=json.dumps(template),
                Parameters=[{'ParameterKey': 'Environment', 'ParameterValue': 'dev'}], Tags=[{'Key': 'app', 'Value': 'langfuse'}])
            print('{}')
            """);

        // Act
        var response = await client.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName });

        // Assert
        var stack = Assert.Single(response.Stacks!);
        Assert.Equal(stackName, stack.StackName);
        Assert.Equal("CREATE_COMPLETE", stack.StackStatus);
        Assert.Equal("dev", stack.Parameters!.Single(p => p.ParameterKey == "Environment").ParameterValue);
        var output = stack.Outputs!.Single(o => o.OutputKey == "TopicArn");
        Assert.StartsWith("arn:aws:sns:us-east-1:", output.OutputValue);
        Assert.Equal("alerts", output.Description);
        Assert.Equal("langfuse", stack.Tags!.Single().Value);
        Assert.NotNull(stack.CreationTime);
    }

    [Fact]
    public async Task DescribeStacksAsync_WhenStackDoesNotExist_ShouldThrowNotFound()
    {
        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStacksAsync(new DescribeStacksRequest { StackName = "no-such-stack" }));

        // Assert
        Assert.Equal("ValidationError", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
    }
}
