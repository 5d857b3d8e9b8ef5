using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Functions.Configuration;
using LangfuseLifecycle.Functions.Health;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Moto;
using Task = System.Threading.Tasks.Task;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>The wake the migration's Backend phase uses: the same <see cref="WakeBackend"/>, with the workers started on a new
/// task-definition revision carrying LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS=false. Against moto, with the real adapters.</summary>
[Collection(ScalerMotoCollection.Name)]
public sealed class WakeWithWorkerEnvironmentMotoTests(MotoFixture moto)
{
    [Fact]
    public async Task Wake_WhenWorkerEnvironmentGiven_ShouldStartWorkersOnANewRevisionWithTheVariable()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep"}""");
        var configuration = ScalerConfiguration.FromEnvironment(new FakeEnvironment(bed.Variables));
        var aws = Aws.Http.AwsClientConfig.FromEnvironment(name => bed.Variables.GetValueOrDefault(name));
        var ecsClient = new Aws.ECS.AmazonECSClient(aws);
        var wake = new WakeBackend(
            configuration.Topology,
            new SchedulingPorts(
                new EcsServiceAdapter(ecsClient),
                new ScalableTargetAdapter(new Aws.ApplicationAutoScaling.AmazonApplicationAutoScalingClient(aws)),
                new FileSystemAdapter(new Aws.ElasticFileSystem.AmazonElasticFileSystemClient(aws)),
                new SubnetAdapter(new Aws.EC2.AmazonEC2Client(aws)),
                new HttpHealthProbe(new HttpClient()),
                TimeProvider.System,
                new TaskDefinitionAdapter(ecsClient)),
            configuration.Settings.Wait);
        var before = (await bed.ServiceAsync(bed.Environment.WorkerService)).TaskDefinition;

        // Act
        var summary = await wake.ExecuteAsync(
            new WakeOptions(Reason: "migration backend phase", WorkerEnvironment: new Dictionary<string, string> { ["LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS"] = "false" }),
            CancellationToken.None);

        // Assert
        var worker = await bed.ServiceAsync(bed.Environment.WorkerService);
        Assert.NotEqual(before, worker.TaskDefinition);
        Assert.Equal(2, worker.DesiredCount);
        var revision = await bed.Ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = worker.TaskDefinition });
        var variable = Assert.Single(revision.TaskDefinition!.ContainerDefinitions![0].Environment!, pair => pair.Name == "LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS");
        Assert.Equal("false", variable.Value);
        Assert.Equal("8192", revision.TaskDefinition.Memory);
        Assert.Equal(worker.TaskDefinition, summary.Services.Single(service => service.Role == ServiceRole.Worker).TaskDefinitionAfter);
    }

    [Fact]
    public async Task Invoke_WhenEventBusSetOrEmpty_ShouldPutOneEventPerActionOrNone()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        bed.Proxy.ResetCounters();

        // Act
        await bed.InvokeAsync("""{"action":"status"}""");
        var withBus = bed.Proxy.CountCalls("events:PutEvents");
        bed.Variables["EVENT_BUS_NAME"] = "";
        bed.Proxy.ResetCounters();
        await bed.InvokeAsync("""{"action":"status"}""");
        var withoutBus = bed.Proxy.CountCalls("events:PutEvents");

        // Assert
        Assert.Equal(1, withBus);
        Assert.Equal(0, withoutBus);
    }
}
