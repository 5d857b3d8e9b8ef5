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

    [Fact]
    public void Failure_WhenTheRollbackFinishedAndServiceAndPrimaryRunThePreviousRevision_ShouldBeAFailure()
    {
        // Arrange: what ECS reports once the circuit breaker's rollback completed.
        var service = Service(Previous, new DeploymentState("PRIMARY", "COMPLETED", 1, 1, null, Previous, InZone));

        // Act
        var failure = ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, InZone));

        // Assert
        Assert.Contains("rolled the deployment back", failure);
    }

    [Fact]
    public void Failure_WhenOnlyTheDeploymentStillNamesThePreviousRevision_ShouldBeNone()
    {
        // Arrange: the service already runs the requested revision (moto keeps the first deployment's revision).
        var service = Service(Requested, new DeploymentState("PRIMARY", "COMPLETED", 1, 1, null, Previous, InZone));

        // Act
        var failure = ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, InZone));

        // Assert
        Assert.Null(failure);
    }

    [Fact]
    public void Failure_WhenTheRollbackFinishedAndServiceAndPrimaryRunThePreviousSubnets_ShouldBeAFailure()
    {
        // Arrange: the wake narrowed the subnets to the file system's AZ; ECS rolled back to the multi-AZ network.
        var service = Service(Requested, MultiZone, new DeploymentState("PRIMARY", "COMPLETED", 1, 1, null, Requested, MultiZone));

        // Act
        var failure = ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, InZone));

        // Assert
        Assert.Contains("subnets subnet-a,subnet-b", failure);
        Assert.Contains("rolled the deployment back", failure);
    }

    [Fact]
    public void Failure_WhenThePrimaryRunsOtherSecurityGroupsThanRequested_ShouldBeAFailure()
    {
        // Arrange
        var otherGroups = new AwsVpcPlacement(["subnet-a"], ["sg-old"], false);
        var service = Service(Requested, otherGroups, new DeploymentState("PRIMARY", "COMPLETED", 1, 1, null, Requested, otherGroups));

        // Act
        var failure = ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, InZone));

        // Assert
        Assert.Contains("security groups sg-old", failure);
    }

    [Fact]
    public void Failure_WhenThePrimaryRunsAnotherPublicIpSettingThanRequested_ShouldBeAFailure()
    {
        // Arrange
        var publicIp = new AwsVpcPlacement(["subnet-a"], ["sg-1"], true);
        var service = Service(Requested, publicIp, new DeploymentState("PRIMARY", "COMPLETED", 1, 1, null, Requested, publicIp));

        // Act
        var failure = ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, InZone));

        // Assert
        Assert.Contains("assignPublicIp ENABLED", failure);
    }

    [Fact]
    public void Failure_WhenOnlyTheDeploymentStillNamesThePreviousNetwork_ShouldBeNone()
    {
        // Arrange: the service already has the requested network (moto keeps the first deployment's network).
        var service = Service(Requested, InZone, new DeploymentState("PRIMARY", "COMPLETED", 1, 1, null, Requested, MultiZone));

        // Act
        var failure = ServiceSteadiness.Failure(service, new RequestedDeployment(Requested, InZone));

        // Assert
        Assert.Null(failure);
    }

    private static EcsServiceState Service(params DeploymentState[] deployments) => Service(Requested, deployments);

    private static EcsServiceState Service(string serviceRevision, params DeploymentState[] deployments) => Service(serviceRevision, InZone, deployments);

    private static EcsServiceState Service(string serviceRevision, AwsVpcPlacement serviceNetwork, params DeploymentState[] deployments) =>
        new("worker", "arn:aws:ecs:eu-west-1:123456789012:service/langfuse/worker", "ACTIVE", 1, 1, 0, serviceRevision, deployments, serviceNetwork, null, new Dictionary<string, string>());
}
