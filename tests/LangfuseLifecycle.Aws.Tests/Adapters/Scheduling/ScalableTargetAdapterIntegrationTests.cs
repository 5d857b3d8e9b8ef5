using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.ApplicationAutoScaling;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Scheduling;

[Collection(MotoCollection.Name)]
public sealed class ScalableTargetAdapterIntegrationTests(MotoServerFixture moto)
{
    [Fact]
    public async Task SetCapacityAsync_WhenSleepSuspendsAndWakeResumes_ShouldBeSeenByDescribe()
    {
        // Arrange
        var cluster = MotoSeeder.UniqueName("langfuse");
        await MotoSeeder.RunAsync(moto, $$"""
            ecs = client('ecs')
            ecs.create_cluster(clusterName='{{cluster}}')
            td = ecs.register_task_definition(family='{{cluster}}-worker', containerDefinitions=[{'name': 'worker', 'image': 'langfuse/langfuse-worker:3', 'memory': 512}])
            ecs.create_service(cluster='{{cluster}}', serviceName='worker', taskDefinition=td['taskDefinition']['taskDefinitionArn'], desiredCount=1)
            client('application-autoscaling').register_scalable_target(ServiceNamespace='ecs', ResourceId='service/{{cluster}}/worker',
                ScalableDimension='ecs:service:DesiredCount', MinCapacity=1, MaxCapacity=4)
            print('{}')
            """);
        var adapter = new ScalableTargetAdapter(new AmazonApplicationAutoScalingClient(moto.Config));
        var resourceId = $"service/{cluster}/worker";
        var before = (await adapter.DescribeAsync([resourceId], CancellationToken.None))[resourceId];
        var asleep = new CapacityRange(0, 4, ScalingSuspension.ForSleep(before.Suspended));

        // Act
        await adapter.SetCapacityAsync(resourceId, asleep, CancellationToken.None);
        var whileAsleep = (await adapter.DescribeAsync([resourceId], CancellationToken.None))[resourceId];
        await adapter.SetCapacityAsync(resourceId, before, CancellationToken.None);
        var awake = (await adapter.DescribeAsync([resourceId], CancellationToken.None))[resourceId];

        // Assert
        Assert.Equal(new CapacityRange(1, 4), before);
        Assert.Equal(new CapacityRange(0, 4, new ScalingSuspension(false, true, true)), whileAsleep);
        Assert.Equal(before, awake);
    }
}
