using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public class ProbeResultTests
{
    private static readonly Uri Ping = new("http://clickhouse.langfuse.local:8123/ping");
    private static readonly Uri WorkerHealth = new("http://worker.langfuse.local:3030/api/health");

    [Fact]
    public void FromAnswer_WhenClickHouseAnswers200Ok_ShouldBeHealthy()
    {
        // Act
        var result = ProbeResult.FromAnswer(Ping, 200, "Ok.\n");

        // Assert
        Assert.True(result.Healthy);
        Assert.Equal("200", result.Detail);
    }

    [Fact]
    public void FromAnswer_WhenPingAnswers200WithAnotherBody_ShouldBeUnhealthyAndSaySo()
    {
        // Act
        var result = ProbeResult.FromAnswer(Ping, 200, "<html>nginx</html>");

        // Assert
        Assert.False(result.Healthy);
        Assert.Equal("200 but body '<html>nginx</html>' instead of 'Ok.'", result.Detail);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(302)]
    [InlineData(503)]
    public void FromAnswer_WhenTheStatusIsNot200_ShouldBeUnhealthyForClickHouseAndWorkers(int status)
    {
        // Act
        var ping = ProbeResult.FromAnswer(Ping, status, "Ok.\n");
        var worker = ProbeResult.FromAnswer(WorkerHealth, status, null);

        // Assert
        Assert.False(ping.Healthy);
        Assert.False(worker.Healthy);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), worker.Detail);
    }

    [Fact]
    public void FromAnswer_WhenAWorkerAnswers200_ShouldBeHealthyWithoutABody()
    {
        // Act
        var result = ProbeResult.FromAnswer(WorkerHealth, 200, null);

        // Assert
        Assert.True(result.Healthy);
        Assert.False(ProbeResult.ExpectsBody(WorkerHealth));
        Assert.True(ProbeResult.ExpectsBody(Ping));
    }
}
