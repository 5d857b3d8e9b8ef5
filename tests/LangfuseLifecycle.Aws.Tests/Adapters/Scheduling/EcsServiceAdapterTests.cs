using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using LangfuseLifecycle.Core.Scheduling.Ports;
using Task = System.Threading.Tasks.Task;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Scheduling;

public sealed class EcsServiceAdapterTests
{
    private static DescribeServicesResponse ClickHouse() => new()
    {
        Services =
        [
            new Service
            {
                ServiceName = "clickhouse",
                ServiceArn = "arn:aws:ecs:ap-northeast-1:123456789012:service/langfuse/clickhouse",
                Status = "ACTIVE",
                DesiredCount = 1,
                RunningCount = 1,
                PendingCount = 0,
                DeploymentConfiguration = new DeploymentConfiguration
                {
                    MaximumPercent = 200,
                    MinimumHealthyPercent = 100,
                    DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
                    Strategy = "ROLLING",
                    BakeTimeInMinutes = 5,
                },
                NetworkConfiguration = new NetworkConfiguration
                {
                    AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = ["subnet-a", "subnet-c"], SecurityGroups = ["sg-1"], AssignPublicIp = "ENABLED" },
                },
                Tags = [new Tag { Key = "langfuse-lifecycle:restore-desired-count", Value = "1" }],
            },
        ],
    };

    [Fact]
    public async Task DescribeServicesAsync_WhenServiceHasAwsVpcAndTags_ShouldMapThemToTheDomainState()
    {
        // Arrange
        var adapter = new EcsServiceAdapter(new RecordingEcs(ClickHouse()));

        // Act
        var state = Assert.Single(await adapter.DescribeServicesAsync("langfuse", ["clickhouse"], CancellationToken.None));

        // Assert
        Assert.Equal(["subnet-a", "subnet-c"], state.Network!.Subnets);
        Assert.True(state.Network.AssignPublicIp);
        Assert.Equal(new DeploymentLimits(200, 100), state.DeploymentLimits);
        Assert.Equal("1", state.Tags["langfuse-lifecycle:restore-desired-count"]);
    }

    [Fact]
    public async Task UpdateServiceAsync_WhenChangingDeploymentLimits_ShouldKeepTheCircuitBreakerItLastRead()
    {
        // Arrange
        var ecs = new RecordingEcs(ClickHouse());
        var adapter = new EcsServiceAdapter(ecs);
        await adapter.DescribeServicesAsync("langfuse", ["clickhouse"], CancellationToken.None);

        // Act
        await adapter.UpdateServiceAsync("langfuse", "clickhouse",
            new EcsServiceUpdate(DesiredCount: 1, Network: new AwsVpcPlacement(["subnet-a"], ["sg-1"], true), DeploymentLimits: new DeploymentLimits(100, 0)),
            CancellationToken.None);

        // Assert
        var request = Assert.Single(ecs.Updates);
        Assert.Equal((100, 0), (request.DeploymentConfiguration!.MaximumPercent, request.DeploymentConfiguration.MinimumHealthyPercent));
        Assert.True(request.DeploymentConfiguration.DeploymentCircuitBreaker!.Enable);
        Assert.Equal(("ROLLING", 5), (request.DeploymentConfiguration.Strategy, request.DeploymentConfiguration.BakeTimeInMinutes));
        Assert.Equal(["subnet-a"], request.NetworkConfiguration!.AwsvpcConfiguration!.Subnets);
        Assert.Equal("ENABLED", request.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp);
        Assert.Null(request.TaskDefinition);
    }

    [Fact]
    public async Task UpdateServiceAsync_WhenOnlyDesiredCountChanges_ShouldSendNothingElse()
    {
        // Arrange
        var ecs = new RecordingEcs(ClickHouse());
        var adapter = new EcsServiceAdapter(ecs);

        // Act
        await adapter.UpdateServiceAsync("langfuse", "worker", new EcsServiceUpdate(DesiredCount: 0), CancellationToken.None);

        // Assert
        var request = Assert.Single(ecs.Updates);
        Assert.Equal(0, request.DesiredCount);
        Assert.Null(request.DeploymentConfiguration);
        Assert.Null(request.NetworkConfiguration);
    }
}
