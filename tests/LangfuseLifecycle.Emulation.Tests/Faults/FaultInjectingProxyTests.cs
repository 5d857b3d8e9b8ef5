using LangfuseLifecycle.Emulation.Tests.TestHelpers;
using System.Net;
using System.Text.Json;
using LangfuseLifecycle.Testing.Faults;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Emulation.Tests.Faults;

[Collection(MotoCollection.Name)]
public sealed class FaultInjectingProxyTests(MotoFixture moto) : IAsyncLifetime
{
    private const string EcsPrefix = "AmazonEC2ContainerServiceV20141113.";
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
    private FaultInjectingProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = FaultInjectingProxy.Start(moto.Endpoint);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Forward_WhenNoFaultIsScripted_ShouldReachMotoUnchanged()
    {
        // Act
        using var response = await SendEcsAsync("CreateCluster", """{"clusterName":"through-proxy"}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var direct = await Http.SendAsync(RawAwsRequests.AwsJson(moto.Endpoint, "ecs", EcsPrefix + "ListClusters", "{}"));
        Assert.Contains("through-proxy", await direct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, _proxy.CallCounts["ecs:CreateCluster"]);
    }

    [Fact]
    public async Task FailNext_WhenThrottlingTwiceForAnOperation_ShouldThrottleTwoCallsThenForward()
    {
        // Arrange
        _proxy.FailNext(2, Fault.Throttling(), "ecs:ListClusters");

        // Act
        using var first = await SendEcsAsync("ListClusters", "{}");
        using var second = await SendEcsAsync("ListClusters", "{}");
        using var third = await SendEcsAsync("ListClusters", "{}");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal("ThrottlingException", await ErrorTypeAsync(first));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(3, _proxy.CountCalls("ListClusters"));
        Assert.Equal(2, _proxy.InjectedFailureCount);
    }

    [Fact]
    public async Task FailNext_WhenOperationDiffers_ShouldLeaveOtherOperationsAlone()
    {
        // Arrange
        _proxy.FailNext(1, Fault.InternalError(), "ecs:UpdateService");

        // Act
        using var response = await SendEcsAsync("ListClusters", "{}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _proxy.InjectedFailureCount);
    }

    [Theory]
    [InlineData(FaultKind.TooManyRequests, 429, "ThrottlingException")]
    [InlineData(FaultKind.InternalError, 500, "InternalFailure")]
    [InlineData(FaultKind.ServiceUnavailable, 503, "ServiceUnavailable")]
    public async Task FailNext_WhenAnErrorFaultIsScripted_ShouldAnswerTheAwsJsonErrorShape(FaultKind kind, int status, string errorType)
    {
        // Arrange
        _proxy.FailNext(1, kind switch
        {
            FaultKind.TooManyRequests => Fault.TooManyRequests(),
            FaultKind.InternalError => Fault.InternalError(),
            _ => Fault.ServiceUnavailable(),
        });

        // Act
        using var response = await SendEcsAsync("ListClusters", "{}");

        // Assert
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(errorType, await ErrorTypeAsync(response));
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task FailNext_WhenThrottlingAQueryProtocolCall_ShouldAnswerXmlWithCodeThrottling()
    {
        // Arrange
        _proxy.FailNext(1, Fault.Throttling(), "rds:DescribeDBClusters");

        // Act
        using var response = await Http.SendAsync(RawAwsRequests.Query(_proxy.Endpoint, "rds", "DescribeDBClusters", "2014-10-31"));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>Throttling</Code>", body, StringComparison.Ordinal);
        Assert.Equal(1, _proxy.CallCounts["rds:DescribeDBClusters"]);
    }

    [Fact]
    public async Task Forward_WhenQueryProtocolCallPasses_ShouldReturnMotosXml()
    {
        // Act
        using var response = await Http.SendAsync(RawAwsRequests.Query(_proxy.Endpoint, "rds", "DescribeDBClusters", "2014-10-31"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("DescribeDBClustersResponse", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallCounts_WhenRestJsonCallPasses_ShouldNameTheOperationFromBotocoresModel()
    {
        // Act
        using var response = await Http.SendAsync(RawAwsRequests.Rest(HttpMethod.Get, _proxy.Endpoint, "elasticfilesystem", "/2015-02-01/file-systems"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _proxy.CallCounts["elasticfilesystem:DescribeFileSystems"]);
    }

    [Fact]
    public async Task FailNext_WhenConnectionResetIsScripted_ShouldDropTheConnectionWithoutAResponse()
    {
        // Arrange
        _proxy.FailNext(1, Fault.ConnectionReset());

        // Act
        var error = await Record.ExceptionAsync(() => SendEcsAsync("ListClusters", "{}"));

        // Assert
        Assert.True(error is HttpRequestException, error?.ToString());
        Assert.Null(Assert.Single(_proxy.Calls).StatusCode);
    }

    [Fact]
    public async Task FailNext_WhenLatencyIsScripted_ShouldDelayThenForward()
    {
        // Arrange
        _proxy.FailNext(1, Fault.Latency(TimeSpan.FromMilliseconds(200)));

        // Act
        using var response = await SendEcsAsync("ListClusters", "{}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Assert.Single(_proxy.Calls).Duration >= TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, _proxy.InjectedFailureCount);
    }

    [Fact]
    public async Task FailRandomly_WhenSeedIsFixed_ShouldFailTheSameCallsEveryRun()
    {
        // Arrange
        await using var other = FaultInjectingProxy.Start(moto.Endpoint);
        _proxy.FailRandomly(0.5, seed: 42, Fault.ServiceUnavailable());
        other.FailRandomly(0.5, seed: 42, Fault.ServiceUnavailable());

        // Act
        var first = new List<int>();
        var second = new List<int>();
        for (var call = 0; call < 12; call++)
        {
            using var a = await SendEcsAsync("ListClusters", "{}");
            using var b = await Http.SendAsync(RawAwsRequests.AwsJson(other.Endpoint, "ecs", EcsPrefix + "ListClusters", "{}"));
            first.Add((int)a.StatusCode);
            second.Add((int)b.StatusCode);
        }

        // Assert
        Assert.Equal(first, second);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
    }

    [Fact]
    public async Task FailAlways_WhenCleared_ShouldForwardAgain()
    {
        // Arrange
        _proxy.FailAlways("ecs:*", Fault.ServiceUnavailable());
        using var failed = await SendEcsAsync("ListClusters", "{}");

        // Act
        _proxy.ClearFaults();
        using var passed = await SendEcsAsync("ListClusters", "{}");

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(2, _proxy.CallCountsByService["ecs"]);
    }

    private Task<HttpResponseMessage> SendEcsAsync(string operation, string json) =>
        Http.SendAsync(RawAwsRequests.AwsJson(_proxy.Endpoint, "ecs", EcsPrefix + operation, json));

    private static async Task<string?> ErrorTypeAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("__type").GetString();
    }
}
