using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using KeyValuePair = LangfuseLifecycle.Aws.ECS.Model.KeyValuePair;
using Task = System.Threading.Tasks.Task;

namespace LangfuseLifecycle.Aws.Tests.ECS;

[Collection(MotoCollection.Name)]
public sealed class AmazonECSClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonECSClient client = new(moto.Config);

    // Seeding through boto3 costs seconds; the tests touch different aspects of one service, so they share it per moto server.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MotoServerFixture, System.Threading.Tasks.Task<EcsSeed>> Seeds = new();

    private System.Threading.Tasks.Task<EcsSeed> SeedServiceAsync() => Seeds.GetOrAdd(moto, SeedAsync);

    private static async System.Threading.Tasks.Task<EcsSeed> SeedAsync(MotoServerFixture moto)
    {
        var cluster = MotoSeeder.UniqueName("langfuse");
        var seed = await MotoSeeder.RunAsync(moto, MotoSeeder.Network, $$"""
            ecs = client('ecs')
            ecs.create_cluster(clusterName='{{cluster}}')
            td = ecs.register_task_definition(family='{{cluster}}-clickhouse', networkMode='awsvpc', requiresCompatibilities=['FARGATE'], cpu='1024', memory='2048',
                containerDefinitions=[{'name': 'clickhouse', 'image': 'clickhouse/clickhouse-server:24', 'essential': True, 'memory': 2048,
                    'environment': [{'name': 'CLICKHOUSE_DB', 'value': 'default'}], 'portMappings': [{'containerPort': 8123}],
                    'healthCheck': {'command': ['CMD-SHELL', 'wget -qO- localhost:8123/ping'], 'interval': 30, 'retries': 3},
                    'logConfiguration': {'logDriver': 'awslogs', 'options': {'awslogs-group': '/langfuse/clickhouse'} } }])['taskDefinition']['taskDefinitionArn']
            svc = ecs.create_service(cluster='{{cluster}}', serviceName='clickhouse', taskDefinition=td, desiredCount=1, launchType='FARGATE',
                networkConfiguration={'awsvpcConfiguration': {'subnets': [subnet_a], 'securityGroups': [sg]} })['service']['serviceArn']
            # moto 5.2.1 fails run_task with awsvpc networking (its ENI lacks private_dns_name): the listed task uses bridge mode.
            task_td = ecs.register_task_definition(family='{{cluster}}-task', networkMode='bridge',
                containerDefinitions=[{'name': 'worker', 'image': 'langfuse/langfuse-worker:3', 'essential': True, 'memory': 512}])['taskDefinition']['taskDefinitionArn']
            ecs.run_task(cluster='{{cluster}}', taskDefinition=task_td, launchType='FARGATE', startedBy='langfuse-lifecycle-test')
            print(json.dumps({'subnet_a': subnet_a, 'subnet_b': subnet_b, 'sg': sg, 'td': td, 'svc': svc, 'task_td': task_td}))
            """);
        return new EcsSeed(cluster, seed.GetProperty("subnet_a").GetString()!, seed.GetProperty("subnet_b").GetString()!, seed.GetProperty("sg").GetString()!,
            seed.GetProperty("td").GetString()!, seed.GetProperty("svc").GetString()!);
    }

    private sealed record EcsSeed(string Cluster, string SubnetA, string SubnetB, string SecurityGroup, string TaskDefinitionArn, string ServiceArn);

    [Fact]
    public async Task UpdateServiceAsync_WhenScaledToZeroAndMoved_ShouldBeSeenByDescribeServices()
    {
        // Arrange
        var seed = await SeedServiceAsync();

        // Act
        var updated = await client.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = seed.Cluster,
            Service = "clickhouse",
            DesiredCount = 0,
            NetworkConfiguration = new NetworkConfiguration
            {
                AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = [seed.SubnetB], SecurityGroups = [seed.SecurityGroup], AssignPublicIp = "DISABLED" },
            },
        });
        var described = await client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = seed.Cluster, Services = ["clickhouse", "missing"] });

        // Assert
        Assert.Equal(0, updated.Service!.DesiredCount);
        var service = Assert.Single(described.Services!);
        Assert.Equal(seed.ServiceArn, service.ServiceArn);
        Assert.Equal(0, service.DesiredCount);
        Assert.Equal([seed.SubnetB], service.NetworkConfiguration!.AwsvpcConfiguration!.Subnets!);
        Assert.Equal("MISSING", Assert.Single(described.Failures!).Reason);
    }

    [Fact]
    public async Task TagResourceAsync_WhenTaggedAndUntagged_ShouldRoundTripThroughListTagsForResource()
    {
        // Arrange
        var seed = await SeedServiceAsync();

        // Act
        await client.TagResourceAsync(new TagResourceRequest
        {
            ResourceArn = seed.ServiceArn,
            Tags = [new Tag { Key = "langfuse-lifecycle:previous-desired-count", Value = "1" }, new Tag { Key = "keep", Value = "yes" }],
        });
        var tagged = await client.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = seed.ServiceArn });
        await client.UntagResourceAsync(new UntagResourceRequest { ResourceArn = seed.ServiceArn, TagKeys = ["langfuse-lifecycle:previous-desired-count"] });
        var untagged = await client.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = seed.ServiceArn });

        // Assert
        Assert.Equal("1", tagged.Tags!.Single(t => t.Key == "langfuse-lifecycle:previous-desired-count").Value);
        Assert.Equal(["keep"], untagged.Tags!.Select(t => t.Key!).ToArray());
    }

    [Fact]
    public async Task ListTasksAsync_WhenTaskRunning_ShouldBeDescribedByDescribeTasks()
    {
        // Arrange
        var seed = await SeedServiceAsync();

        // Act
        var listed = await client.ListTasksAsync(new ListTasksRequest { Cluster = seed.Cluster, StartedBy = "langfuse-lifecycle-test" });
        var described = await client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = seed.Cluster, Tasks = listed.TaskArns });

        // Assert
        var task = Assert.Single(described.Tasks!);
        Assert.Equal(Assert.Single(listed.TaskArns!), task.TaskArn);
        Assert.EndsWith($":task-definition/{seed.Cluster}-task:1", task.TaskDefinitionArn);
        Assert.Equal("FARGATE", task.LaunchType);
    }

    [Fact]
    public async Task RegisterTaskDefinitionAsync_WhenOneEnvironmentVariableChanges_ShouldKeepEveryOtherContainerField()
    {
        // Arrange
        var seed = await SeedServiceAsync();
        var current = (await client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = seed.TaskDefinitionArn })).TaskDefinition!;
        var container = current.ContainerDefinitions!.Single();
        container.Environment!.Add(new KeyValuePair { Name = "LANGFUSE_ASYNC_INGESTION", Value = "true" });

        // Act
        var registered = await client.RegisterTaskDefinitionAsync(new RegisterTaskDefinitionRequest
        {
            Family = current.Family,
            NetworkMode = current.NetworkMode,
            RequiresCompatibilities = current.RequiresCompatibilities,
            Cpu = current.Cpu,
            Memory = current.Memory,
            ContainerDefinitions = current.ContainerDefinitions,
        });
        var described = await client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = registered.TaskDefinition!.TaskDefinitionArn });

        // Assert
        Assert.Equal(current.Revision + 1, described.TaskDefinition!.Revision);
        var newContainer = described.TaskDefinition.ContainerDefinitions!.Single();
        Assert.Contains(newContainer.Environment!, e => e.Name == "LANGFUSE_ASYNC_INGESTION" && e.Value == "true");
        Assert.Contains(newContainer.Environment!, e => e.Name == "CLICKHOUSE_DB");
        Assert.Equal(["CMD-SHELL", "wget -qO- localhost:8123/ping"], newContainer.HealthCheck!.Command!);
        Assert.Equal("/langfuse/clickhouse", newContainer.LogConfiguration!.Options!["awslogs-group"]);
        Assert.Equal(8123, newContainer.PortMappings!.Single().ContainerPort);
    }

    [Fact]
    public async Task DescribeClustersAsync_WhenClusterExists_ShouldReturnIt()
    {
        // Arrange
        var seed = await SeedServiceAsync();

        // Act
        var response = await client.DescribeClustersAsync(new DescribeClustersRequest { Clusters = [seed.Cluster] });

        // Assert
        var cluster = Assert.Single(response.Clusters!);
        Assert.Equal(seed.Cluster, cluster.ClusterName);
        Assert.Equal("ACTIVE", cluster.Status);
        Assert.EndsWith($":cluster/{seed.Cluster}", cluster.ClusterArn);
    }

    [Fact]
    public async Task UpdateServiceAsync_WhenServiceDoesNotExist_ShouldThrowNotFound()
    {
        // Arrange
        var seed = await SeedServiceAsync();

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = seed.Cluster, Service = "no-such-service", DesiredCount = 0 }));

        // Assert
        Assert.Equal("ServiceNotFoundException", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
        Assert.NotNull(exception.RequestId);
    }
}
