using LangfuseLifecycle.Emulation.Health;
using LangfuseLifecycle.Emulation.Net;
using LangfuseLifecycle.Functions.Health;

namespace LangfuseLifecycle.Functions.Tests.Health;

public class HttpHealthProbeTests
{
    [Fact]
    public async Task ProbeAsync_WhenClickHouseAndTheWorkerAnswer200_ShouldBeHealthy()
    {
        // Arrange
        await using var endpoints = HealthEndpointStandIn.Start();
        var probe = HttpHealthProbe.CreateDefault();

        // Act
        var ping = await probe.ProbeAsync(endpoints.PingUrl, CancellationToken.None);
        var worker = await probe.ProbeAsync(endpoints.WorkerHealthUrl, CancellationToken.None);

        // Assert
        Assert.True(ping.Healthy, ping.Detail);
        Assert.True(worker.Healthy, worker.Detail);
    }

    [Theory]
    [InlineData(HealthEndpointStandIn.PingPath, 204)]
    [InlineData(HealthEndpointStandIn.PingPath, 503)]
    [InlineData(HealthEndpointStandIn.WorkerHealthPath, 204)]
    [InlineData(HealthEndpointStandIn.WorkerHealthPath, 503)]
    public async Task ProbeAsync_WhenTheStatusIsNot200_ShouldBeUnhealthyWithTheStatus(string path, int status)
    {
        // Arrange
        await using var endpoints = HealthEndpointStandIn.Start();
        endpoints.SetStatus(path, status);
        var probe = new HttpHealthProbe(HttpHealthProbe.CreateClient());

        // Act
        var result = await probe.ProbeAsync(new Uri(endpoints.BaseUri, path), CancellationToken.None);

        // Assert
        Assert.False(result.Healthy);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_WhenPingAnswers200WithoutOk_ShouldBeUnhealthy()
    {
        // Arrange: something other than ClickHouse (a proxy's page) answers /ping with 200.
        await using var server = LoopbackHttpServer.Start(_ => Task.FromResult(LoopbackResponse.Text(200, "Welcome to nginx")));
        var probe = new HttpHealthProbe(HttpHealthProbe.CreateClient());

        // Act
        var result = await probe.ProbeAsync(new Uri(server.BaseUri, "/ping"), CancellationToken.None);

        // Assert
        Assert.False(result.Healthy);
        Assert.Equal("200 but body 'Welcome to nginx' instead of 'Ok.'", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_WhenNothingListens_ShouldReportUnreachableWithoutThrowing()
    {
        // Arrange: a port that was free a moment ago.
        Uri endpoint;
        await using (var server = LoopbackHttpServer.Start(_ => Task.FromResult(LoopbackResponse.Text(200, "Ok."))))
        {
            endpoint = new Uri(server.BaseUri, "/ping");
        }

        var probe = new HttpHealthProbe(HttpHealthProbe.CreateClient());

        // Act
        var result = await probe.ProbeAsync(endpoint, CancellationToken.None);

        // Assert
        Assert.False(result.Healthy);
        Assert.StartsWith("unreachable", result.Detail, StringComparison.Ordinal);
    }
}
