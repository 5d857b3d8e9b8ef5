using System.Diagnostics;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Faults;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>Throttling, 5xx, dropped connections and latency injected between the real handler and moto. Every action either
/// completes within its deadline or fails leaving no worker running against a stopped ClickHouse, with the restore records intact.</summary>
[Collection(ScalerMotoCollection.Name)]
public sealed class ScalerHandlerFaultTests(MotoFixture moto)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Wake_WhenThrottledAndGiven5xx_ShouldCompleteWithinTheDeadline()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Proxy.FailNext(2, Fault.Throttling(), "UpdateService");
        bed.Proxy.FailNext(1, Fault.InternalError(), "DescribeServices");
        bed.Proxy.FailNext(1, Fault.ServiceUnavailable(), "RegisterScalableTarget");
        bed.Proxy.FailNext(1, Fault.ConnectionReset(), "DescribeSubnets");
        using var deadline = new CancellationTokenSource(Deadline);

        // Act
        var summary = await bed.InvokeAsync("""{"action":"wake"}""", cancellationToken: deadline.Token);

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(5, bed.Proxy.InjectedFailureCount);
        Assert.Equal(2, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.Equal(1, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
    }

    [Fact]
    public async Task Sleep_WhenAProxyAnswersOneHtml502_ShouldRetryAndComplete()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Proxy.FailNext(1, Fault.HtmlPage(502), "UpdateService");

        // Act
        var summary = await bed.InvokeAsync("""{"action":"sleep"}""");

        // Assert
        Assert.Equal(ScalerOutcome.Completed, summary.Outcome);
        Assert.Equal(1, bed.Proxy.InjectedFailureCount);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
    }

    [Fact]
    public async Task Sleep_WhenAProxyAlwaysAnswersHtml503_ShouldFailAsRetryableAwsServiceExceptionAfterTheConfiguredAttempts()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Variables["AWS_MAX_ATTEMPTS"] = "3";
        bed.Proxy.FailAlways("UpdateService", Fault.HtmlPage(503));

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => bed.InvokeAsync("""{"action":"sleep"}"""));

        // Assert
        Assert.True(exception.IsRetryable);
        Assert.Equal(503, exception.StatusCode);
        Assert.Equal("UpdateService", exception.Operation);
        Assert.Contains("503 Error (injected)", exception.Message);
        Assert.Equal(3, bed.Proxy.CountCalls("ecs:UpdateService"));
        Assert.Equal(1, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
        Assert.Equal("2", (await bed.TagsAsync(bed.Environment.WorkerService))[RestoreRecord.DesiredCountTag]);
    }

    [Fact]
    public async Task Sleep_WhenUpdateServiceKeepsFailing_ShouldFailWithClickHouseStillRunningAndTheRecordKept()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Proxy.FailAlways("UpdateService", Fault.InternalError());

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => bed.InvokeAsync("""{"action":"sleep"}"""));

        // Assert
        Assert.Equal("UpdateService", exception.Operation);
        Assert.Equal(1, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
        Assert.Equal("2", (await bed.TagsAsync(bed.Environment.WorkerService))[RestoreRecord.DesiredCountTag]);
    }

    [Fact]
    public async Task Wake_WhenClickHouseCannotBeStarted_ShouldFailWithoutStartingAnyWorker()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Proxy.FailAlways("UpdateService", Fault.ServiceUnavailable());

        // Act
        await Assert.ThrowsAsync<AwsServiceException>(() => bed.InvokeAsync("""{"action":"wake"}"""));

        // Assert
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.Equal("2", (await bed.TagsAsync(bed.Environment.WorkerService))[RestoreRecord.DesiredCountTag]);
    }

    [Fact]
    public async Task Wake_WhenAwsIsSlowerThanTheDeadline_ShouldFailAsWakeTimeoutWithoutStartingWorkers()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        bed.Proxy.FailAlways("DescribeFileSystems", Fault.Latency(TimeSpan.FromSeconds(30)));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();

        // Act
        var exception = await Assert.ThrowsAsync<BackendWakeTimeoutException>(() => bed.InvokeAsync("""{"action":"wake"}""", cancellationToken: deadline.Token));

        // Assert
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the deadline was not honoured: {clock.Elapsed}");
        Assert.Equal(WakeStage.ReadBackend, exception.Stage);
        Assert.Equal(0, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task SleepWakeCycles_WhenAnyCallMayFail_ShouldNeverRunWorkersAgainstAStoppedClickHouseNorLoseCounts(int seed)
    {
        // Arrange: a third of the calls fail outright (5xx or dropped), so some actions exhaust their retries.
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Proxy.FailRandomly(0.2, seed, Fault.InternalError());
        bed.Proxy.FailRandomly(0.15, seed + 100, Fault.ConnectionReset());
        var handler = bed.CreateHandler();

        // Act / Assert after every action
        foreach (var action in new[] { "sleep", "wake", "sleep", "sleep", "wake", "wake", "sleep" })
        {
            try
            {
                using var deadline = new CancellationTokenSource(Deadline);
                await bed.InvokeAsync($$"""{"action":"{{action}}"}""", handler, deadline.Token);
            }
            catch (Exception exception) when (exception is AwsServiceException or AwsConnectionException or SchedulingException)
            {
                // A failed action is allowed; an unsafe state is not.
            }

            var worker = await bed.ServiceAsync(bed.Environment.WorkerService);
            var clickHouse = await bed.ServiceAsync(bed.Environment.ClickHouseService);
            Assert.False(worker.DesiredCount > 0 && clickHouse.DesiredCount == 0, $"after {action}: worker {worker.DesiredCount} with ClickHouse stopped");
            Assert.True(clickHouse.DesiredCount <= 1);
            var recorded = (await bed.TagsAsync(bed.Environment.WorkerService)).GetValueOrDefault(RestoreRecord.DesiredCountTag);
            Assert.True(worker.DesiredCount == 2 || recorded == "2", $"after {action}: worker {worker.DesiredCount}, record {recorded ?? "none"}");
        }

        // A final wake without faults converges to the original counts.
        Assert.True(bed.Proxy.InjectedFailureCount > 0);
        bed.Proxy.ClearFaults();
        await bed.InvokeAsync("""{"action":"wake"}""", handler);
        Assert.Equal(2, (await bed.ServiceAsync(bed.Environment.WorkerService)).DesiredCount);
        Assert.Equal(1, (await bed.ServiceAsync(bed.Environment.ClickHouseService)).DesiredCount);
        Assert.Equal(1, (await bed.WorkerTargetAsync()).MinCapacity);
    }
}
