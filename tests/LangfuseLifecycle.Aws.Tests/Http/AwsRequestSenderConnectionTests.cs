using LangfuseLifecycle.Testing;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using LangfuseLifecycle.Aws.ECS;
using ListTasksRequest = LangfuseLifecycle.Aws.ECS.Model.ListTasksRequest;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.Http;

/// <summary>Real sockets, no fakes: a refused connection on loopback is retried a bounded number of times, then reported.</summary>
public sealed class AwsRequestSenderConnectionTests
{
    [Fact]
    public async Task ListTasksAsync_WhenNothingListensOnEndpoint_ShouldRetryThenThrowAwsConnectionException()
    {
        // Arrange
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var time = new TestClock { AdvanceToEachTimer = true };
        var config = new AwsClientConfig
        {
            Region = "eu-west-1",
            Credentials = new BasicAWSCredentials("testing", "testing"),
            EndpointOverrides = new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL_ECS"] = new($"http://127.0.0.1:{port}/") },
            TimeProvider = time,
            RetryPolicy = new AwsRetryPolicy { MaxAttempts = 3 },
        };
        var client = new AmazonECSClient(config);

        // Act
        var exception = await Assert.ThrowsAsync<AwsConnectionException>(() => client.ListTasksAsync(new ListTasksRequest { Cluster = "langfuse" }));

        // Assert
        Assert.Equal(3, exception.Attempts);
        Assert.Equal(2, time.RequestedDelays.Count);
        Assert.Contains($"127.0.0.1:{port}", exception.Message);
        Assert.Equal("ListTasks", exception.Operation);
    }
}
