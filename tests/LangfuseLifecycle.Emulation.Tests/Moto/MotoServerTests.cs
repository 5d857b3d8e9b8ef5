using LangfuseLifecycle.Emulation.Tests.TestHelpers;
using System.Diagnostics;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Emulation.Tests.Moto;

[Collection(MotoCollection.Name)]
public sealed class MotoServerTests(MotoFixture moto)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task StartAsync_WhenMotoIsOnPath_ShouldAnswerOnALoopbackEndpoint()
    {
        // Arrange
        var probe = new Uri(moto.Endpoint, "moto-api/data.json");

        // Act
        using var response = await Http.GetAsync(probe);

        // Assert
        Assert.Equal("127.0.0.1", moto.Endpoint.Host);
        Assert.True(response.IsSuccessStatusCode, moto.Server.DiagnosticOutput);
    }

    [Fact]
    public void CreateClientEnvironment_WhenCalled_ShouldPointClientsAtTheServerWithTestCredentials()
    {
        // Act
        var environment = moto.CreateClientEnvironment();

        // Assert
        Assert.Equal(moto.Endpoint.GetLeftPart(UriPartial.Authority), environment["AWS_ENDPOINT_URL"]);
        Assert.Equal("us-east-1", environment["AWS_REGION"]);
        Assert.Equal("testing", environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("testing", environment["AWS_SECRET_ACCESS_KEY"]);
    }

    [Fact]
    public async Task ResetAsync_WhenAClusterExists_ShouldForgetIt()
    {
        // Arrange
        using var create = await Http.SendAsync(RawAwsRequests.AwsJson(
            moto.Endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", """{"clusterName":"reset-me"}"""));
        Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());

        // Act
        await moto.ResetAsync();

        // Assert
        using var list = await Http.SendAsync(RawAwsRequests.AwsJson(
            moto.Endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.ListClusters", "{}"));
        Assert.DoesNotContain("reset-me", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WhenTheExecutableIsNotOnPath_ShouldFailNamingItAndHowToInstall()
    {
        // Arrange
        var options = new MotoServerOptions { ExecutableName = "moto_server_that_does_not_exist" };

        // Act
        var error = await Assert.ThrowsAsync<MotoServerStartException>(() => MotoServer.StartAsync(options));

        // Assert
        Assert.Contains("moto_server_that_does_not_exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("pip install", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_WhenServerIsRunning_ShouldKillTheProcess()
    {
        // Arrange
        var server = await MotoServer.StartAsync();
        var processId = server.ProcessId;

        // Act
        await server.DisposeAsync();

        // Assert
        Assert.True(ProcessIsGone(processId), $"moto_server (pid {processId}) still runs after dispose.");
    }

    private static bool ProcessIsGone(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            // No process with that id any more.
            return true;
        }
    }
}
