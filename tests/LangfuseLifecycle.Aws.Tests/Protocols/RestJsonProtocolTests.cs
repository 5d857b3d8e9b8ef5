using System.Net;
using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Scheduler;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using EfsModel = LangfuseLifecycle.Aws.ElasticFileSystem.Model;
using SchedulerModel = LangfuseLifecycle.Aws.Scheduler.Model;

namespace LangfuseLifecycle.Aws.Tests.Protocols;

/// <summary>restJson1 (EFS, EventBridge Scheduler): URI labels, querystring members, JSON body, errors.</summary>
public sealed class RestJsonProtocolTests
{
    private readonly RecordingHttpHandler handler = new();

    [Fact]
    public async Task DescribeFileSystemsAsync_WhenCalled_ShouldPutMembersInQueryStringLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"FileSystems":[]}""", "application/json");
        var client = new AmazonElasticFileSystemClient(TestConfigs.WithHandler(handler));

        // Act
        await client.DescribeFileSystemsAsync(new EfsModel.DescribeFileSystemsRequest { FileSystemId = "fs-0123456789abcdef0", MaxItems = 10, Marker = "m 1/2" });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("efs", "DescribeFileSystems"), handler.Requests.Single());
        Assert.Contains("Marker=m%201%2F2", handler.Requests.Single().Uri.Query);
    }

    [Fact]
    public async Task DescribeMountTargetsAsync_WhenOneZoneFileSystem_ShouldParseSubnetAndZone()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            {"MountTargets":[{"MountTargetId":"fsmt-1","FileSystemId":"fs-0123456789abcdef0","SubnetId":"subnet-a","LifeCycleState":"available",
              "AvailabilityZoneId":"euw1-az2","AvailabilityZoneName":"eu-west-1b","VpcId":"vpc-1","IpAddress":"10.0.1.5"}]}
            """, "application/json");
        var client = new AmazonElasticFileSystemClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.DescribeMountTargetsAsync(new EfsModel.DescribeMountTargetsRequest { FileSystemId = "fs-0123456789abcdef0" });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("efs", "DescribeMountTargets"), handler.Requests.Single());
        var target = Assert.Single(response.MountTargets!);
        Assert.Equal("subnet-a", target.SubnetId);
        Assert.Equal("euw1-az2", target.AvailabilityZoneId);
        Assert.Equal("eu-west-1b", target.AvailabilityZoneName);
    }

    [Fact]
    public async Task DescribeFileSystemsAsync_WhenFileSystemMissing_ShouldThrowNotFoundFromErrorTypeHeader()
    {
        // Arrange
        handler.Respond(HttpStatusCode.NotFound, """{"ErrorCode":"FileSystemNotFound","Message":"File system 'fs-1' does not exist."}""", "application/json",
            ("x-amzn-ErrorType", "FileSystemNotFound:"), ("x-amzn-RequestId", "efs-req"));
        var client = new AmazonElasticFileSystemClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeFileSystemsAsync(new EfsModel.DescribeFileSystemsRequest { FileSystemId = "fs-1" }));

        // Assert
        Assert.Equal("FileSystemNotFound", exception.ErrorCode);
        Assert.Equal("File system 'fs-1' does not exist.", exception.ErrorMessage);
        Assert.Equal("efs-req", exception.RequestId);
        Assert.True(exception.IsNotFound);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CreateScheduleAsync_WhenCalled_ShouldPutNameInPathAndRestInBodyLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"ScheduleArn":"arn:aws:scheduler:eu-west-1:1:schedule/langfuse-lifecycle/langfuse-wake-once"}""", "application/json");
        var client = new AmazonSchedulerClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.CreateScheduleAsync(new SchedulerModel.CreateScheduleRequest
        {
            Name = "langfuse-wake-once",
            GroupName = "langfuse-lifecycle",
            ScheduleExpression = "at(2026-12-01T09:00:00)",
            ScheduleExpressionTimezone = "Europe/Berlin",
            FlexibleTimeWindow = new SchedulerModel.FlexibleTimeWindow { Mode = "OFF" },
            ActionAfterCompletion = "DELETE",
            State = "ENABLED",
            ClientToken = "token-1",
            Target = new SchedulerModel.Target
            {
                Arn = "arn:aws:lambda:eu-west-1:123456789012:function:sleep",
                RoleArn = "arn:aws:iam::123456789012:role/scheduler",
                Input = """{"action":"sleep"}""",
                RetryPolicy = new SchedulerModel.RetryPolicy { MaximumRetryAttempts = 2 },
            },
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("scheduler", "CreateSchedule"), handler.Requests.Single());
        Assert.EndsWith("/langfuse-wake-once", response.ScheduleArn);
    }

    [Fact]
    public async Task CreateScheduleAsync_WhenNoClientToken_ShouldSendOneGeneratedTokenAcrossRetries()
    {
        // Arrange
        handler.Respond(HttpStatusCode.InternalServerError, """{"message":"try again"}""", "application/json", ("x-amzn-ErrorType", "InternalServerException"))
            .Respond(HttpStatusCode.OK, """{"ScheduleArn":"arn"}""", "application/json");
        var client = new AmazonSchedulerClient(TestConfigs.WithHandler(handler));

        // Act
        await client.CreateScheduleAsync(new SchedulerModel.CreateScheduleRequest
        {
            Name = "s",
            ScheduleExpression = "rate(1 hour)",
            FlexibleTimeWindow = new SchedulerModel.FlexibleTimeWindow { Mode = "OFF" },
            Target = new SchedulerModel.Target { Arn = "arn:t", RoleArn = "arn:r" },
        });

        // Assert
        var tokens = handler.Requests.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("ClientToken").GetString()).ToArray();
        Assert.Equal(2, tokens.Length);
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task GetScheduleAsync_WhenCalled_ShouldSendGroupAsQueryAndParseTimestamps()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            {"Name":"langfuse-sleep","GroupName":"langfuse-lifecycle","ScheduleExpression":"cron(0 19 ? * MON-FRI *)","ScheduleExpressionTimezone":"Europe/Berlin",
             "State":"ENABLED","CreationDate":1764383400,"FlexibleTimeWindow":{"Mode":"OFF"},
             "Target":{"Arn":"arn:fn","RoleArn":"arn:role","Input":"{}","EcsParameters":{"TaskDefinitionArn":"arn:td","NetworkConfiguration":{"awsvpcConfiguration":{"Subnets":["subnet-a"],"AssignPublicIp":"DISABLED"}},"CapacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}}}
            """, "application/json");
        var client = new AmazonSchedulerClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.GetScheduleAsync(new SchedulerModel.GetScheduleRequest { Name = "langfuse-sleep", GroupName = "langfuse-lifecycle" });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("scheduler", "GetSchedule"), handler.Requests.Single());
        Assert.Equal("cron(0 19 ? * MON-FRI *)", response.ScheduleExpression);
        Assert.Equal(new DateTime(2025, 11, 29, 2, 30, 0, DateTimeKind.Utc), response.CreationDate);
        Assert.Equal(["subnet-a"], response.Target!.EcsParameters!.NetworkConfiguration!.AwsvpcConfiguration!.Subnets!);
        Assert.Equal("FARGATE_SPOT", response.Target.EcsParameters.CapacityProviderStrategy!.Single().CapacityProvider);
    }

    [Fact]
    public async Task DeleteScheduleAsync_WhenCalled_ShouldUseDeleteWithQueryMembersLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "", "application/json");
        var client = new AmazonSchedulerClient(TestConfigs.WithHandler(handler));

        // Act
        await client.DeleteScheduleAsync(new SchedulerModel.DeleteScheduleRequest { Name = "langfuse-wake-once", GroupName = "langfuse-lifecycle", ClientToken = "token-2" });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("scheduler", "DeleteSchedule"), handler.Requests.Single());
    }

    [Fact]
    public async Task ListSchedulesAsync_WhenCalled_ShouldUseModelQueryNamesLikeBotocore()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """{"Schedules":[{"Name":"a","State":"ENABLED","Target":{"Arn":"arn:t"}}],"NextToken":"n2"}""", "application/json");
        var client = new AmazonSchedulerClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.ListSchedulesAsync(new SchedulerModel.ListSchedulesRequest
        {
            GroupName = "langfuse-lifecycle",
            NamePrefix = "langfuse-",
            State = "ENABLED",
            MaxResults = 50,
            NextToken = "n/1",
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("scheduler", "ListSchedules"), handler.Requests.Single());
        Assert.Equal("arn:t", response.Schedules!.Single().Target!.Arn);
        Assert.Equal("n2", response.NextToken);
    }

    [Fact]
    public async Task GetScheduleAsync_WhenNameMissing_ShouldThrowNamingTheMemberBeforeSending()
    {
        // Arrange
        var client = new AmazonSchedulerClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.GetScheduleAsync(new SchedulerModel.GetScheduleRequest()));

        // Assert
        Assert.Contains("'Name' is required", exception.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task GetScheduleAsync_WhenThrottledByHeaderOnly_ShouldRetry()
    {
        // Arrange
        handler.Respond((HttpStatusCode)429, """{"Message":"Rate exceeded"}""", "application/json", ("x-amzn-ErrorType", "ThrottlingException"))
            .Respond(HttpStatusCode.OK, """{"Name":"x"}""", "application/json");
        var client = new AmazonSchedulerClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.GetScheduleAsync(new SchedulerModel.GetScheduleRequest { Name = "x" });

        // Assert
        Assert.Equal("x", response.Name);
        Assert.Equal(2, handler.Requests.Count);
    }
}
