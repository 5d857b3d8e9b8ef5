using LangfuseLifecycle.Aws.ECS.Model;
using Task = System.Threading.Tasks.Task;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Runtime.Exceptions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Health;
using LangfuseLifecycle.Testing.Moto;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>The real scaler handler against moto: the demo's Langfuse-like backend, reached through the fault-injecting proxy (no faults here).</summary>
[Collection(ScalerMotoCollection.Name)]
public sealed class ScalerHandlerMotoTests(MotoFixture moto)
{
    [Fact]
    public async Task Sleep_WhenBackendAwake_ShouldStopBothRecordCountsAndLowerTheMinimum()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);

        // Act
        var summary = await bed.InvokeAsync("""{"action":"sleep"}""");

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
        Assert.Equal("2", (await bed.TagsAsync(bed.Environment.WorkerService))[RestoreRecord.DesiredCountTag]);
        Assert.Equal("1", (await bed.TagsAsync(bed.Environment.WorkerService))[RestoreRecord.MinCapacityTag]);
        Assert.Equal("1", (await bed.TagsAsync(bed.Environment.ClickHouseService))[RestoreRecord.DesiredCountTag]);
        Assert.Equal(0, (await bed.WorkerTargetAsync()).MinCapacity);
        Assert.Equal([bed.Environment.WorkerService, bed.Environment.ClickHouseService], summary.Services.Select(service => service.Service));
    }

    [Fact]
    public async Task Sleep_WhenRepeated_ShouldKeepTheRecordAndMakeNoChange()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Proxy.ResetCounters();

        // Act
        var summary = await bed.InvokeAsync("""{"action":"sleep"}""");

        // Assert
        Assert.Empty(bed.MutatingCalls());
        Assert.Equal(2, summary.Services[0].RestoreCountRecorded);
        Assert.Equal("2", (await bed.TagsAsync(bed.Environment.WorkerService))[RestoreRecord.DesiredCountTag]);
    }

    [Fact]
    public async Task Wake_WhenClickHouseSubnetsDrifted_ShouldPinToTheFileSystemZoneAndRestoreEverything()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");

        // Act
        var summary = await bed.InvokeAsync("""{"action":"wake"}""");

        // Assert
        var clickHouse = await bed.ServiceAsync(bed.Environment.ClickHouseService);
        Assert.Equal(1, clickHouse.DesiredCount);
        Assert.Equal([bed.Environment.SubnetInFileSystemZone], clickHouse.NetworkConfiguration!.AwsvpcConfiguration!.Subnets);
        Assert.Equal([bed.Environment.SecurityGroupId], clickHouse.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups);
        Assert.Equal("DISABLED", clickHouse.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp);
        Assert.Equal(2, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.Equal(1, (await bed.WorkerTargetAsync()).MinCapacity);
        Assert.DoesNotContain(RestoreRecord.DesiredCountTag, await bed.TagsAsync(bed.Environment.WorkerService));
        Assert.True(summary.Services[0].SubnetsChanged);
        Assert.Equal(new DeploymentLimitsExpectation(100, 0), new DeploymentLimitsExpectation(summary.Services[0].DeploymentLimitsAfter!.MaximumPercent, summary.Services[0].DeploymentLimitsAfter!.MinimumHealthyPercent));
    }

    [Fact]
    public async Task Wake_WhenNoClickHouseSubnetInTheFileSystemZone_ShouldRefuseNamingZoneAndSubnetAndChangeNothing()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        await bed.Ecs.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = bed.Environment.Cluster,
            Service = bed.Environment.ClickHouseService,
            NetworkConfiguration = new NetworkConfiguration
            {
                AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = [bed.Environment.SubnetInOtherZone], SecurityGroups = [bed.Environment.SecurityGroupId] },
            },
        });
        bed.Proxy.ResetCounters();

        // Act
        var exception = await Assert.ThrowsAsync<ClickHouseAvailabilityZoneMismatchException>(() => bed.InvokeAsync("""{"action":"wake"}"""));

        // Assert
        Assert.Contains("us-east-1a", exception.Message);
        Assert.Contains(bed.Environment.SubnetInOtherZone, exception.Message);
        Assert.Empty(bed.MutatingCalls());
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
    }

    [Fact]
    public async Task Wake_WhenClickHouseDesiredIsTwo_ShouldRefuseAndChangeNothing()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.Ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = bed.Environment.Cluster, Service = bed.Environment.ClickHouseService, DesiredCount = 2 });
        bed.Proxy.ResetCounters();

        // Act
        var exception = await Assert.ThrowsAsync<ClickHouseTaskLimitExceededException>(() => bed.InvokeAsync("""{"action":"wake"}"""));

        // Assert
        Assert.Contains("desired count is 2", exception.Message);
        Assert.Empty(bed.MutatingCalls());
    }

    [Fact]
    public async Task Wake_WhenHealthUrlsSet_ShouldWaitForClickHouseHealthBeforeStartingWorkers()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await using var health = HealthEndpointStandIn.Start();
        health.ScriptStatuses(HealthEndpointStandIn.PingPath, 503, 503, 200);
        bed.Variables["CLICKHOUSE_HEALTH_URL"] = health.PingUrl.ToString();
        bed.Variables["WORKER_HEALTH_URL"] = health.WorkerHealthUrl.ToString();
        await bed.InvokeAsync("""{"action":"sleep"}""");

        // Act
        var summary = await bed.InvokeAsync("""{"action":"wake"}""");

        // Assert
        Assert.Equal(3, health.RequestCount(HealthEndpointStandIn.PingPath));
        Assert.Equal(1, health.RequestCount(HealthEndpointStandIn.WorkerHealthPath));
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(2, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
    }

    [Fact]
    public async Task Wake_WhenForHours_ShouldCreateASelfDeletingSleepScheduleAndKeepAwakeUntilThen()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");

        // Act
        var summary = await bed.InvokeAsync("""{"action":"wake","forHours":2,"reason":"demo"}""");
        var scheduledSleep = await bed.InvokeAsync("""{"action":"sleep"}""");

        // Assert
        var schedule = Assert.Single(await bed.SchedulesAsync());
        var details = await bed.Scheduler.GetScheduleAsync(new Aws.Scheduler.Model.GetScheduleRequest { GroupName = bed.Environment.ScheduleGroup, Name = schedule.Name });
        Assert.Equal("DELETE", details.ActionAfterCompletion);
        Assert.StartsWith("at(", details.ScheduleExpression);
        Assert.Equal(MotoLangfuseEnvironment.FunctionArn, details.Target!.Arn);
        Assert.Contains("\"action\":\"sleep\"", details.Target.Input);
        Assert.Equal(summary.Overrides!.KeepAwakeUntil, summary.Overrides.OneTimeSchedules![0].At);
        Assert.Equal(ScalerOutcome.Skipped, scheduledSleep.Outcome);
        Assert.Contains(KeepAwakeOverride.UntilTag, await bed.TagsAsync(bed.Environment.ClickHouseService));
    }

    [Fact]
    public async Task Status_WhenAsleepWithDriftedSubnets_ShouldReportRecordsPlacementAndChangeNothing()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Proxy.ResetCounters();

        // Act
        var summary = await bed.InvokeAsync("""{"action":"status"}""");

        // Assert
        Assert.Empty(bed.MutatingCalls());
        Assert.Equal(ScalerOutcome.Reported, summary.Outcome);
        Assert.False(summary.ClickHousePlacement!.Pinned);
        Assert.Equal([bed.Environment.SubnetInOtherZone], summary.ClickHousePlacement.OutOfZoneSubnets);
        Assert.Equal(2, summary.Services.Single(service => service.Role == ServiceRole.Worker).RestoreCountRecorded);
    }

    [Fact]
    public async Task DryRun_WhenWaking_ShouldReturnThePlanAndMakeNoChange()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Proxy.ResetCounters();

        // Act
        var summary = await bed.InvokeAsync("""{"action":"wake","dryRun":true}""");

        // Assert
        Assert.Empty(bed.MutatingCalls());
        Assert.Equal(ScalerOutcome.Planned, summary.Outcome);
        Assert.Equal([bed.Environment.SubnetInFileSystemZone], summary.Services[0].SubnetsAfter);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
    }

    [Theory]
    [InlineData("""{"action":"hibernate"}""", "action")]
    [InlineData("""{"action":"wake","forHours":-1}""", "forHours")]
    [InlineData("""{"action":"wake","forHours":1000}""", "forHours")]
    [InlineData("""{"action":"keep-awake","until":"next friday"}""", "until")]
    public async Task Invoke_WhenRequestInvalid_ShouldNameTheFieldAndOnlyAnnounceTheRefusal(string eventJson, string field)
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Proxy.ResetCounters();

        // Act
        var exception = await Assert.ThrowsAsync<InvalidScalerRequestException>(() => bed.InvokeAsync(eventJson));

        // Assert
        Assert.Equal(field, exception.Field);
        Assert.Equal(["events:PutEvents"], bed.Proxy.Calls.Select(call => call.Request.Key));
    }

    [Theory]
    [InlineData("""{"action":"sleep","dryrun":true}""", "dryrun")]
    [InlineData("""{"action":"sleep","dry_run":true}""", "dry_run")]
    [InlineData("""{"action":"wake","DryRun":true}""", "DryRun")]
    [InlineData("""{"action":"wake","forhours":2}""", "forhours")]
    [InlineData("""{"action":"status","action":"sleep"}""", "action")]
    [InlineData("""{"action":"sleep","dryRun":true,"dryRun":false}""", "dryRun")]
    public async Task Invoke_WhenEventHasAnUnknownMisspelledOrRepeatedMember_ShouldRefuseNamingItBeforeAnyAwsCall(string eventJson, string member)
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Proxy.ResetCounters();

        // Act
        var exception = await Assert.ThrowsAsync<InvalidScalerRequestException>(() => bed.InvokeAsync(eventJson));

        // Assert
        Assert.Equal(member, exception.Field);
        Assert.Contains($"'{member}'", exception.Message);
        Assert.Contains("action, dryRun, forHours, reason, until, force", exception.Message);
        Assert.Empty(bed.Proxy.Calls);
        Assert.Equal(2, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.Equal(1, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Wake_WhenForHoursSleepArrivesAroundItsTime_ShouldSleepAndNotBeSkippedByItsOwnKeepAwake(int secondsFromSleepAt)
    {
        // Arrange: the event the one-time schedule will send, read back from Scheduler.
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"wake","forHours":1,"reason":"boundary"}""");
        var schedule = Assert.Single(await bed.SchedulesAsync());
        var details = await bed.Scheduler.GetScheduleAsync(new Aws.Scheduler.Model.GetScheduleRequest { GroupName = bed.Environment.ScheduleGroup, Name = schedule.Name });
        var sleepAt = DateTimeOffset.ParseExact(details.ScheduleExpression![3..^1], "yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        var deliveredAt = sleepAt.AddSeconds(secondsFromSleepAt);
        var handler = new ScalerHandler(
            Configuration.ScalerConfiguration.FromEnvironment(new FakeEnvironment(bed.Variables)),
            Aws.Http.AwsClientConfig.FromEnvironment(name => bed.Variables.GetValueOrDefault(name)),
            new LangfuseLifecycle.Testing.TestClock(deliveredAt));
        var context = new InvocationContext("one-time-sleep", deliveredAt.AddMinutes(5), MotoLangfuseEnvironment.FunctionArn, null,
            new LambdaLogger(Stream.Null, ScalerHandler.HandlerName, TimeProvider.System));

        // Act
        var result = await handler.HandleAsync(System.Text.Encoding.UTF8.GetBytes(details.Target!.Input!), context, CancellationToken.None);

        // Assert
        var summary = System.Text.Json.JsonSerializer.Deserialize(result, ScalerJsonContext.Default.ScalerSummary)!;
        Assert.Contains("\"endsKeepAwake\"", details.Target.Input);
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.DoesNotContain(KeepAwakeOverride.UntilTag, await bed.TagsAsync(bed.Environment.ClickHouseService));
    }

    [Fact]
    public async Task Wake_WhenScheduleGroupDoesNotExist_ShouldRefuseNamingTheVariableBeforeAnyChange()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Variables["SCHEDULE_GROUP"] = "no-such-group";
        bed.Proxy.ResetCounters();

        // Act
        var exception = await Assert.ThrowsAsync<InvalidScalerConfigurationException>(() => bed.InvokeAsync("""{"action":"wake","forHours":2}"""));

        // Assert
        Assert.Equal("SCHEDULE_GROUP", exception.Setting);
        Assert.Contains("no-such-group", exception.Message);
        Assert.Empty(bed.MutatingCalls());
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
    }

    [Fact]
    public async Task Invoke_WhenForHoursIsNotANumber_ShouldFailAsInvalidEvent()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);

        // Act
        var exception = await Assert.ThrowsAsync<InvalidEventException>(() => bed.InvokeAsync("""{"action":"wake","forHours":"three"}"""));

        // Assert
        Assert.Contains("forHours", exception.Message);
    }

    [Theory]
    [InlineData("SCHEDULE_TIMEZONE", "Asia/Tokio")]
    [InlineData("HOLIDAYS", "2026-02-30")]
    [InlineData("CLICKHOUSE_FILE_SYSTEM_ID", "")]
    [InlineData("CLICKHOUSE_HEALTH_URL", "clickhouse:8123")]
    [InlineData("SERVICE_POLL_INTERVAL_SECONDS", "0")]
    [InlineData("HEALTH_POLL_INTERVAL_SECONDS", "0.01")]
    [InlineData("SCHEDULER_ROLE_ARN", "not-an-arn")]
    [InlineData("SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:user/scheduler")]
    [InlineData("SCALER_FUNCTION_ARN", "scaler")]
    [InlineData("SCALER_FUNCTION_ARN", "arn:aws:lambda:us-east-1:123456789012:scaler")]
    [InlineData("WORKER_SERVICES", "langfuse-worker,langfuse-worker")]
    [InlineData("SCHEDULE_GROUP", "arn:aws:scheduler:us-east-1:123456789012:schedule-group/langfuse")]
    public async Task Create_WhenSettingInvalid_ShouldNameTheVariable(string variable, string value)
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Variables[variable] = value;

        // Act
        var exception = Assert.Throws<InvalidScalerConfigurationException>(() => bed.CreateHandler());

        // Assert
        Assert.Equal(variable, exception.Setting);
    }

    [Fact]
    public async Task Sleep_WhenWorkerServiceUnknown_ShouldNameItAndChangeNothing()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Variables["WORKER_SERVICES"] = "langfuse-worker,langfuse-wroker";
        bed.Proxy.ResetCounters();

        // Act
        var exception = await Assert.ThrowsAsync<BackendServiceNotFoundException>(() => bed.InvokeAsync("""{"action":"sleep"}"""));

        // Assert
        Assert.Equal(["langfuse-wroker"], exception.MissingServices);
        Assert.Empty(bed.MutatingCalls());
    }

    [Fact]
    public async Task Wake_WhenFileSystemUnknown_ShouldNameItAndChangeNothing()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Variables["CLICKHOUSE_FILE_SYSTEM_ID"] = "fs-00000000";
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Proxy.ResetCounters();

        // Act
        await Assert.ThrowsAsync<ClickHouseFileSystemNotFoundException>(() => bed.InvokeAsync("""{"action":"wake"}"""));

        // Assert
        Assert.Empty(bed.MutatingCalls());
    }

    private sealed record DeploymentLimitsExpectation(int Maximum, int Minimum);
}
