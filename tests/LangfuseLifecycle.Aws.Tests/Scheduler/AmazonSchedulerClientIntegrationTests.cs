using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Scheduler;
using LangfuseLifecycle.Aws.Scheduler.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.Scheduler;

[Collection(MotoCollection.Name)]
public sealed class AmazonSchedulerClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonSchedulerClient client = new(moto.Config);

    private static Target LambdaTarget(string input) => new()
    {
        Arn = "arn:aws:lambda:us-east-1:123456789012:function:langfuse-lifecycle-sleep",
        RoleArn = "arn:aws:iam::123456789012:role/langfuse-lifecycle-scheduler",
        Input = input,
    };

    [Fact]
    public async Task GetScheduleGroupAsync_WhenGroupExistsOrNot_ShouldReturnItOrThrowNotFound()
    {
        // Act
        var found = await client.GetScheduleGroupAsync(new GetScheduleGroupRequest { Name = "default" });
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetScheduleGroupAsync(new GetScheduleGroupRequest { Name = MotoSeeder.UniqueName("no-such-group") }));

        // Assert
        Assert.Equal("default", found.Name);
        Assert.True(missing.IsNotFound);
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
    }

    [Fact]
    public async Task ScheduleOperations_WhenCreatedReadUpdatedListedAndDeleted_ShouldRoundTrip()
    {
        // Arrange
        var name = MotoSeeder.UniqueName("langfuse-sleep");

        // Act
        var created = await client.CreateScheduleAsync(new CreateScheduleRequest
        {
            Name = name,
            ScheduleExpression = "cron(0 19 ? * MON-FRI *)",
            ScheduleExpressionTimezone = "Europe/Berlin",
            FlexibleTimeWindow = new FlexibleTimeWindow { Mode = "OFF" },
            Target = LambdaTarget("""{"action":"sleep"}"""),
            State = "ENABLED",
        });
        var read = await client.GetScheduleAsync(new GetScheduleRequest { Name = name });
        await client.UpdateScheduleAsync(new UpdateScheduleRequest
        {
            Name = name,
            ScheduleExpression = "cron(0 20 ? * MON-FRI *)",
            ScheduleExpressionTimezone = read.ScheduleExpressionTimezone,
            FlexibleTimeWindow = read.FlexibleTimeWindow,
            Target = read.Target,
            State = "DISABLED",
        });
        var updated = await client.GetScheduleAsync(new GetScheduleRequest { Name = name });
        var listed = await client.ListSchedulesAsync(new ListSchedulesRequest { NamePrefix = name });
        await client.DeleteScheduleAsync(new DeleteScheduleRequest { Name = name });
        var afterDelete = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetScheduleAsync(new GetScheduleRequest { Name = name }));

        // Assert
        Assert.EndsWith("/" + name, created.ScheduleArn);
        Assert.Equal("cron(0 19 ? * MON-FRI *)", read.ScheduleExpression);
        Assert.Equal("Europe/Berlin", read.ScheduleExpressionTimezone);
        Assert.Equal("""{"action":"sleep"}""", read.Target!.Input);
        Assert.Equal("cron(0 20 ? * MON-FRI *)", updated.ScheduleExpression);
        Assert.Equal("DISABLED", updated.State);
        Assert.Equal(read.Target.Arn, updated.Target!.Arn);
        Assert.Equal(name, Assert.Single(listed.Schedules!).Name);
        Assert.Equal("ResourceNotFoundException", afterDelete.ErrorCode);
        Assert.True(afterDelete.IsNotFound);
    }

    [Fact]
    public async Task CreateScheduleAsync_WhenOneTimeWakeDeletesItself_ShouldKeepActionAfterCompletion()
    {
        // Arrange
        var name = MotoSeeder.UniqueName("langfuse-wake-once");

        // Act
        await client.CreateScheduleAsync(new CreateScheduleRequest
        {
            Name = name,
            ScheduleExpression = "at(2026-12-01T09:00:00)",
            ScheduleExpressionTimezone = "Europe/Berlin",
            FlexibleTimeWindow = new FlexibleTimeWindow { Mode = "OFF" },
            ActionAfterCompletion = "DELETE",
            Target = LambdaTarget("""{"action":"sleep"}"""),
        });
        var read = await client.GetScheduleAsync(new GetScheduleRequest { Name = name });

        // Assert
        Assert.Equal("at(2026-12-01T09:00:00)", read.ScheduleExpression);
        Assert.Equal("DELETE", read.ActionAfterCompletion);
    }
}
