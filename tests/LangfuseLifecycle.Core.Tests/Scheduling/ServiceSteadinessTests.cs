using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public class ServiceSteadinessTests
{
    private const string Requested = "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker:8";
    private const string Previous = "arn:aws:ecs:eu-west-1:123456789012:task-definition/worker:7";
    private static readonly AwsVpcPlacement InZone = new(["subnet-a"], ["sg-1"], false);
    private static readonly AwsVpcPlacement MultiZone = new(["subnet-a", "subnet-b"], ["sg-1"], false);

    [Fact]
    public void Failure_WhenANonPrimaryDeploymentFailed_ShouldBeAFailure()
    {
        var service = Service(
            new DeploymentState("PRIMARY", "IN_PROGRESS", 1, 0, null, Previous, InZone),
            new DeploymentState("ACTIVE", "FAILED", 1, 0, "circuit breaker", Requested, InZone));

        Assert.Contains("ACTIVE deployment", ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, InZone)));
    }

    [Fact]
    public void Failure_WhenThePrimaryRunsWhatWasRequestedInAnotherOrder_ShouldBeNone()
    {
        var service = Service(new DeploymentState("PRIMARY", "COMPLETED", 1, 1, null, Requested, new AwsVpcPlacement(["subnet-b", "subnet-a"], ["sg-1"], false)));

        Assert.Null(ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, MultiZone)));
    }

    private static EcsServiceState Service(params DeploymentState[] deployments) =>
        new("worker", "arn:aws:ecs:eu-west-1:123456789012:service/langfuse/worker", "ACTIVE", 1, 1, 0, Requested, deployments, InZone, null, new Dictionary<string, string>());
}
