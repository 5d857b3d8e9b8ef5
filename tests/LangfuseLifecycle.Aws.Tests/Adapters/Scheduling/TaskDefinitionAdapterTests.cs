using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using Task = System.Threading.Tasks.Task;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Scheduling;

public class TaskDefinitionAdapterTests
{
    private const string Variable = "LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS";

    [Fact]
    public async Task RegisterWithEnvironmentAsync_WhenTheTaskHasSidecars_ShouldSetTheVariableOnTheLangfuseContainerOnly()
    {
        // Arrange
        var ecs = new RecordingEcs(new DescribeServicesResponse(), Described(
            new ContainerDefinition { Name = "log-router", Image = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable" },
            new ContainerDefinition { Name = "worker", Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/langfuse/langfuse-worker:3.29.0" },
            new ContainerDefinition { Name = "datadog-agent", Image = "public.ecr.aws/datadog/agent:7" }));

        // Act
        await new TaskDefinitionAdapter(ecs).RegisterWithEnvironmentAsync("langfuse-worker:1", new Dictionary<string, string> { [Variable] = "false" }, CancellationToken.None);

        // Assert
        var containers = Assert.Single(ecs.Registrations).ContainerDefinitions!;
        Assert.Equal("false", Assert.Single(containers.Single(c => c.Name == "worker").Environment!, v => v.Name == Variable).Value);
        Assert.All(containers.Where(c => c.Name != "worker"), sidecar => Assert.DoesNotContain(sidecar.Environment ?? [], v => v.Name == Variable));
    }

    [Fact]
    public async Task RegisterWithEnvironmentAsync_WhenTheOnlyContainerRunsAnotherImageName_ShouldStillSetIt()
    {
        var ecs = new RecordingEcs(new DescribeServicesResponse(), Described(new ContainerDefinition { Name = "app", Image = "registry.example/team/lf-worker:3.29.0" }));

        await new TaskDefinitionAdapter(ecs).RegisterWithEnvironmentAsync("langfuse-worker:1", new Dictionary<string, string> { [Variable] = "true" }, CancellationToken.None);

        Assert.Equal("true", Assert.Single(Assert.Single(ecs.Registrations).ContainerDefinitions![0].Environment!).Value);
    }

    [Fact]
    public async Task RegisterWithEnvironmentAsync_WhenNoContainerIsRecognisablyLangfuse_ShouldRefuseAndRegisterNothing()
    {
        var ecs = new RecordingEcs(new DescribeServicesResponse(), Described(
            new ContainerDefinition { Name = "app", Image = "registry.example/team/lf-worker:3.29.0" },
            new ContainerDefinition { Name = "log-router", Image = "fluent-bit:2" }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new TaskDefinitionAdapter(ecs).RegisterWithEnvironmentAsync("langfuse-worker:1", new Dictionary<string, string> { [Variable] = "true" }, CancellationToken.None));

        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
        Assert.Empty(ecs.Registrations);
    }

    private static DescribeTaskDefinitionResponse Described(params ContainerDefinition[] containers) => new()
    {
        TaskDefinition = new TaskDefinition { Family = "langfuse-worker", TaskDefinitionArn = "langfuse-worker:1", ContainerDefinitions = [.. containers] },
    };
}
