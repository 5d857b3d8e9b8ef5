using System.Net;
using LangfuseLifecycle.Aws.AppRunner;
using LangfuseLifecycle.Aws.ApplicationAutoScaling;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.EventBridge;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using AppRunnerModel = LangfuseLifecycle.Aws.AppRunner.Model;
using AutoScalingModel = LangfuseLifecycle.Aws.ApplicationAutoScaling.Model;
using EcsModel = LangfuseLifecycle.Aws.ECS.Model;
using EventsModel = LangfuseLifecycle.Aws.EventBridge.Model;
using SfnModel = LangfuseLifecycle.Aws.StepFunctions.Model;

namespace LangfuseLifecycle.Aws.Tests.Protocols;

/// <summary>awsJson1_0 / awsJson1_1 request building (against botocore's serializer) and response and error parsing.</summary>
public sealed class AwsJsonProtocolTests
{
    private readonly RecordingHttpHandler handler = new();

    [Fact]
    public async Task DescribeServicesAsync_WhenCalled_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        await client.DescribeServicesAsync(new EcsModel.DescribeServicesRequest { Cluster = "langfuse", Services = ["langfuse-worker", "clickhouse"], Include = ["TAGS"] });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("ecs", "DescribeServices"), handler.Requests.Single());
    }

    [Fact]
    public async Task UpdateServiceAsync_WhenScalingToZeroWithSubnets_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        await client.UpdateServiceAsync(new EcsModel.UpdateServiceRequest
        {
            Cluster = "langfuse",
            Service = "clickhouse",
            DesiredCount = 0,
            NetworkConfiguration = new EcsModel.NetworkConfiguration
            {
                AwsvpcConfiguration = new EcsModel.AwsVpcConfiguration { Subnets = ["subnet-a"], SecurityGroups = ["sg-1"], AssignPublicIp = "DISABLED" },
            },
            DeploymentConfiguration = new EcsModel.DeploymentConfiguration { MaximumPercent = 100, MinimumHealthyPercent = 0 },
            ForceNewDeployment = true,
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("ecs", "UpdateService"), handler.Requests.Single());
    }

    [Fact]
    public async Task TagResourceAsync_WhenCalled_ShouldSerializeLowerCaseTagMembersLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        await client.TagResourceAsync(new EcsModel.TagResourceRequest
        {
            ResourceArn = "arn:aws:ecs:eu-west-1:123456789012:service/langfuse/clickhouse",
            Tags = [new EcsModel.Tag { Key = "langfuse-lifecycle:previous-desired-count", Value = "1" }],
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("ecs", "TagResource"), handler.Requests.Single());
    }

    [Fact]
    public async Task ListTasksAsync_WhenCalledWithToken_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        await client.ListTasksAsync(new EcsModel.ListTasksRequest { Cluster = "langfuse", ServiceName = "clickhouse", DesiredStatus = "RUNNING", NextToken = "page-2" });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("ecs", "ListTasks"), handler.Requests.Single());
    }

    [Fact]
    public async Task RegisterScalableTargetAsync_WhenMinimumIsZero_ShouldSerializeZeroLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}");
        var client = new AmazonApplicationAutoScalingClient(TestConfigs.WithHandler(handler));

        // Act
        await client.RegisterScalableTargetAsync(new AutoScalingModel.RegisterScalableTargetRequest
        {
            ServiceNamespace = "ecs",
            ResourceId = "service/langfuse/langfuse-worker",
            ScalableDimension = "ecs:service:DesiredCount",
            MinCapacity = 0,
            MaxCapacity = 4,
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("application-autoscaling", "RegisterScalableTarget"), handler.Requests.Single());
    }

    [Fact]
    public async Task DescribeScalableTargetsAsync_WhenCalled_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}");
        var client = new AmazonApplicationAutoScalingClient(TestConfigs.WithHandler(handler));

        // Act
        await client.DescribeScalableTargetsAsync(new AutoScalingModel.DescribeScalableTargetsRequest { ServiceNamespace = "ecs", ResourceIds = ["service/langfuse/langfuse-worker"] });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("application-autoscaling", "DescribeScalableTargets"), handler.Requests.Single());
    }

    [Fact]
    public async Task UpdateServiceAsync_WhenAppRunnerImageAndEgressChange_ShouldSerializeJson10LikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}", "application/x-amz-json-1.0");
        var client = new AmazonAppRunnerClient(TestConfigs.WithHandler(handler));

        // Act
        await client.UpdateServiceAsync(new AppRunnerModel.UpdateServiceRequest
        {
            ServiceArn = "arn:aws:apprunner:eu-west-1:123456789012:service/langfuse/abc",
            SourceConfiguration = new AppRunnerModel.SourceConfiguration
            {
                ImageRepository = new AppRunnerModel.ImageRepository
                {
                    ImageIdentifier = "public.ecr.aws/langfuse/langfuse:3",
                    ImageRepositoryType = "ECR_PUBLIC",
                    ImageConfiguration = new AppRunnerModel.ImageConfiguration
                    {
                        Port = "3000",
                        RuntimeEnvironmentVariables = new() { ["CLICKHOUSE_URL"] = "http://clickhouse:8123" },
                        RuntimeEnvironmentSecrets = new() { ["DATABASE_URL"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
                    },
                },
                AutoDeploymentsEnabled = false,
            },
            NetworkConfiguration = new AppRunnerModel.NetworkConfiguration
            {
                EgressConfiguration = new AppRunnerModel.EgressConfiguration { EgressType = "VPC", VpcConnectorArn = "arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/langfuse/1/x" },
            },
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("apprunner", "UpdateService"), handler.Requests.Single());
    }

    [Fact]
    public async Task ListOperationsAsync_WhenCalled_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "{}", "application/x-amz-json-1.0");
        var client = new AmazonAppRunnerClient(TestConfigs.WithHandler(handler));

        // Act
        await client.ListOperationsAsync(new AppRunnerModel.ListOperationsRequest { ServiceArn = "arn:aws:apprunner:eu-west-1:123456789012:service/langfuse/abc", MaxResults = 5 });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("apprunner", "ListOperations"), handler.Requests.Single());
    }

    [Fact]
    public async Task StartExecutionAsync_WhenCalled_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"executionArn":"arn:x","startDate":1.7643834e9}""", "application/x-amz-json-1.0");
        var client = new AmazonStepFunctionsClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.StartExecutionAsync(new SfnModel.StartExecutionRequest { StateMachineArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:migrate", Name = "run-1", Input = "{}" });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("stepfunctions", "StartExecution"), handler.Requests.Single());
        Assert.Equal(new DateTime(2025, 11, 29, 2, 30, 0, DateTimeKind.Utc), response.StartDate);
    }

    [Fact]
    public async Task GetExecutionHistoryAsync_WhenCalled_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"events":[]}""", "application/x-amz-json-1.0");
        var client = new AmazonStepFunctionsClient(TestConfigs.WithHandler(handler));

        // Act
        await client.GetExecutionHistoryAsync(new SfnModel.GetExecutionHistoryRequest
        {
            ExecutionArn = "arn:aws:states:eu-west-1:123456789012:execution:migrate:run-1",
            MaxResults = 100,
            ReverseOrder = true,
            NextToken = "t",
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("stepfunctions", "GetExecutionHistory"), handler.Requests.Single());
    }

    [Fact]
    public async Task PutEventsAsync_WhenCalled_ShouldSerializeLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}""");
        var client = new AmazonEventBridgeClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.PutEventsAsync(new EventsModel.PutEventsRequest
        {
            Entries =
            [
                new EventsModel.PutEventsRequestEntry
                {
                    Source = "langfuse.lifecycle",
                    DetailType = "Sleep Completed",
                    Detail = """{"service":"clickhouse"}""",
                    EventBusName = "default",
                    Resources = ["arn:aws:ecs:eu-west-1:123456789012:service/langfuse/clickhouse"],
                },
            ],
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("events", "PutEvents"), handler.Requests.Single());
        Assert.Equal(0, response.FailedEntryCount);
        Assert.Equal("e-1", response.Entries!.Single().EventId);
    }

    [Fact]
    public async Task DescribeServicesAsync_WhenResponseHasDeploymentsAndTimestamps_ShouldParseEveryMember()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            {"services":[{"serviceArn":"arn:aws:ecs:eu-west-1:1:service/langfuse/clickhouse","serviceName":"clickhouse","status":"ACTIVE",
              "desiredCount":1,"runningCount":1,"pendingCount":0,"createdAt":1764383400.123,
              "capacityProviderStrategy":[{"capacityProvider":"FARGATE","weight":1,"base":0}],
              "networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-a"],"securityGroups":["sg-1"],"assignPublicIp":"DISABLED"}},
              "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","rolloutState":"COMPLETED","desiredCount":1,"runningCount":1}],
              "tags":[{"key":"k","value":"v"}],"unknownFutureMember":{"x":1}}],
             "failures":[{"arn":"arn:missing","reason":"MISSING"}]}
            """);
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.DescribeServicesAsync(new EcsModel.DescribeServicesRequest { Services = ["clickhouse"] });

        // Assert
        var service = Assert.Single(response.Services!);
        Assert.Equal("clickhouse", service.ServiceName);
        Assert.Equal(1, service.DesiredCount);
        Assert.Equal(new DateTime(2025, 11, 29, 2, 30, 0, 123, DateTimeKind.Utc), service.CreatedAt);
        Assert.Equal("FARGATE", service.CapacityProviderStrategy!.Single().CapacityProvider);
        Assert.Equal(["subnet-a"], service.NetworkConfiguration!.AwsvpcConfiguration!.Subnets!);
        Assert.Equal("COMPLETED", service.Deployments!.Single().RolloutState);
        Assert.Equal("v", service.Tags!.Single().Value);
        Assert.Equal("MISSING", response.Failures!.Single().Reason);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."}""", null, "ClusterNotFoundException", "Cluster not found.")]
    [InlineData("""{"__type":"ServiceNotFoundException","Message":"Service not found."}""", null, "ServiceNotFoundException", "Service not found.")]
    [InlineData("""{"code":"ResourceNotFoundException","message":"gone"}""", null, "ResourceNotFoundException", "gone")]
    [InlineData("""{"message":"header wins"}""", "ServiceNotFoundException:http://internal.amazon.com/coral/com.amazon.ecs/", "ServiceNotFoundException", "header wins")]
    public async Task InvokeAsync_WhenErrorResponse_ShouldReadCodeMessageAndRequestId(string body, string? errorTypeHeader, string expectedCode, string expectedMessage)
    {
        // Arrange
        var headers = new List<(string, string)> { ("x-amzn-RequestId", "b7f5-req") };
        if (errorTypeHeader is not null)
        {
            headers.Add(("x-amzn-ErrorType", errorTypeHeader));
        }

        handler.Respond(HttpStatusCode.BadRequest, body, headers: [.. headers]);
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeServicesAsync(new EcsModel.DescribeServicesRequest { Services = ["x"] }));

        // Assert
        Assert.Equal(expectedCode, exception.ErrorCode);
        Assert.Equal(expectedMessage, exception.ErrorMessage);
        Assert.Equal("b7f5-req", exception.RequestId);
        Assert.Equal("ECS", exception.Service);
        Assert.Equal("DescribeServices", exception.Operation);
        Assert.True(exception.IsNotFound);
        Assert.False(exception.IsThrottling);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task InvokeAsync_WhenSuccessBodyIsTruncatedJson_ShouldThrowResponseFormatExceptionWithoutRetrying()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"services":[{"serviceName":"click""");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsResponseFormatException>(() => client.DescribeServicesAsync(new EcsModel.DescribeServicesRequest { Services = ["x"] }));

        // Assert
        Assert.Single(handler.Requests);
        Assert.Contains("not valid JSON", exception.Message);
        Assert.Contains("DescribeServices", exception.Message);
    }

    [Fact]
    public async Task InvokeAsync_WhenSuccessBodyHasWrongType_ShouldThrowResponseFormatException()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"services":"not-a-list"}""");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsResponseFormatException>(() => client.DescribeServicesAsync(new EcsModel.DescribeServicesRequest { Services = ["x"] }));

        // Assert
        Assert.Equal(200, exception.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_WhenErrorBodyIsNotJson_ShouldThrowResponseFormatException()
    {
        // Arrange
        handler.Respond(HttpStatusCode.Forbidden, "Access denied by proxy", "text/plain");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsResponseFormatException>(() => client.ListTasksAsync(new EcsModel.ListTasksRequest()));

        // Assert
        Assert.Equal(403, exception.StatusCode);
        Assert.Contains("text/plain", exception.Message);
        Assert.Contains("Access denied by proxy", exception.Message);
    }

    [Fact]
    public async Task InvokeAsync_WhenErrorBodyIsEmptyWithServiceUnavailable_ShouldRetryAndThenSucceed()
    {
        // Arrange
        handler.Respond(HttpStatusCode.ServiceUnavailable, "").Respond(HttpStatusCode.OK, """{"taskArns":["t1"]}""");
        var client = new AmazonECSClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.ListTasksAsync(new EcsModel.ListTasksRequest());

        // Assert
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(["t1"], response.TaskArns!);
    }
}
