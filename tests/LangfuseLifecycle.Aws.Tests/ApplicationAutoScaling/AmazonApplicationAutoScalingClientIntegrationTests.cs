using LangfuseLifecycle.Aws.ApplicationAutoScaling;
using LangfuseLifecycle.Aws.ApplicationAutoScaling.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.ApplicationAutoScaling;

[Collection(MotoCollection.Name)]
public sealed class AmazonApplicationAutoScalingClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonApplicationAutoScalingClient client = new(moto.Config);

    [Fact]
    public async Task RegisterScalableTargetAsync_WhenMinimumLoweredToZero_ShouldBeSeenByDescribeScalableTargets()
    {
        // Arrange
        var cluster = MotoSeeder.UniqueName("langfuse");
        await MotoSeeder.RunAsync(moto, $$"""
            ecs = client('ecs')
            ecs.create_cluster(clusterName='{{cluster}}')
            td = ecs.register_task_definition(family='{{cluster}}-worker', containerDefinitions=[{'name': 'worker', 'image': 'langfuse/langfuse-worker:3', 'memory': 512}])
            ecs.create_service(cluster='{{cluster}}', serviceName='langfuse-worker', taskDefinition=td['taskDefinition']['taskDefinitionArn'], desiredCount=1)
            print('{}')
            """);
        var resourceId = $"service/{cluster}/langfuse-worker";
        await client.RegisterScalableTargetAsync(new RegisterScalableTargetRequest
        {
            ServiceNamespace = "ecs",
            ResourceId = resourceId,
            ScalableDimension = "ecs:service:DesiredCount",
            MinCapacity = 1,
            MaxCapacity = 4,
        });

        // Act
        var registered = await client.RegisterScalableTargetAsync(new RegisterScalableTargetRequest
        {
            ServiceNamespace = "ecs",
            ResourceId = resourceId,
            ScalableDimension = "ecs:service:DesiredCount",
            MinCapacity = 0,
        });
        var described = await client.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest { ServiceNamespace = "ecs", ResourceIds = [resourceId] });

        // Assert
        Assert.False(string.IsNullOrEmpty(registered.ScalableTargetARN));
        var target = Assert.Single(described.ScalableTargets!);
        Assert.Equal(0, target.MinCapacity);
        Assert.Equal(4, target.MaxCapacity);
        Assert.Equal("ecs:service:DesiredCount", target.ScalableDimension);
        Assert.NotNull(target.CreationTime);
    }
}
