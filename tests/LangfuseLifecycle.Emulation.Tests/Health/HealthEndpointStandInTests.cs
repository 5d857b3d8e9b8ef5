using System.Net;
using LangfuseLifecycle.Emulation.Health;

namespace LangfuseLifecycle.Emulation.Tests.Health;

public sealed class HealthEndpointStandInTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private HealthEndpointStandIn _health = null!;

    public Task InitializeAsync()
    {
        _health = HealthEndpointStandIn.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _health.DisposeAsync();

    [Fact]
    public async Task Ping_WhenNothingIsScripted_ShouldAnswerOkLikeClickHouse()
    {
        // Act
        using var response = await Http.GetAsync(_health.PingUrl);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ok.\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WorkerHealth_WhenStatusesAreScripted_ShouldAnswerThemInOrderThenRepeatTheLast()
    {
        // Arrange
        _health.ScriptStatuses(HealthEndpointStandIn.WorkerHealthPath, 503, 503, 200);

        // Act
        var statuses = new List<int>();
        for (var call = 0; call < 4; call++)
        {
            using var response = await Http.GetAsync(_health.WorkerHealthUrl);
            statuses.Add((int)response.StatusCode);
        }

        // Assert
        Assert.Equal([503, 503, 200, 200], statuses);
        Assert.Equal(4, _health.RequestCount(HealthEndpointStandIn.WorkerHealthPath));
    }

    [Fact]
    public async Task SetStatus_WhenPingIsDown_ShouldAnswerThatStatus()
    {
        // Arrange
        _health.SetStatus(HealthEndpointStandIn.PingPath, 500);

        // Act
        using var response = await Http.GetAsync(_health.PingUrl);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
