using LangfuseLifecycle.Emulation.Tests.TestHelpers;
using System.Text.Json;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Emulation.Tests.Moto;

public sealed class MotoServerOptionsTests
{
    private const string EcsPrefix = "AmazonEC2ContainerServiceV20141113.";
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task StartAsync_WhenEcsServiceRunningIsSet_ShouldCreateServicesWhoseDeploymentIsCompleted()
    {
        // Arrange
        var options = new MotoServerOptions
        {
            EnvironmentVariables = new Dictionary<string, string> { ["MOTO_ECS_SERVICE_RUNNING"] = "1" },
        };
        await using var moto = await MotoServer.StartAsync(options);
        (await SendEcsAsync(moto, "CreateCluster", """{"clusterName":"langfuse"}""")).Dispose();
        (await SendEcsAsync(moto, "RegisterTaskDefinition", """{"family":"worker","containerDefinitions":[{"name":"worker","image":"langfuse/langfuse-worker:3","memory":512}]}""")).Dispose();

        // Act
        using var created = await SendEcsAsync(moto, "CreateService", """{"cluster":"langfuse","serviceName":"worker","taskDefinition":"worker","desiredCount":1}""");

        // Assert
        var service = created.RootElement.GetProperty("service");
        Assert.Equal(1, service.GetProperty("runningCount").GetInt32());
        Assert.Equal("COMPLETED", service.GetProperty("deployments")[0].GetProperty("rolloutState").GetString());
    }

    private static async Task<JsonDocument> SendEcsAsync(MotoServer moto, string operation, string json)
    {
        using var response = await Http.SendAsync(RawAwsRequests.AwsJson(moto.Endpoint, "ecs", EcsPrefix + operation, json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{operation}: {body}");
        return JsonDocument.Parse(body);
    }
}
