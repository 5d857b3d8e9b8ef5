using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>The same test as the AWS SDK's services-stable waiter (one deployment and running == desired), and the one rule
/// for a failed deployment that the scheduled wake and the migration share.</summary>
public static class ServiceSteadiness
{
    public static bool IsSteadyAt(EcsServiceState service, int desiredCount) =>
        service.DesiredCount == desiredCount
        && service.RunningCount == desiredCount
        && service.Deployments.Count <= 1;

    /// <summary>A stopped service: nothing running or pending any more.</summary>
    public static bool IsStopped(EcsServiceState service) => service.RunningCount == 0 && service.PendingCount == 0;

    /// <summary>
    /// Why the service's deployment failed, or null. With the circuit breaker's rollback, the failed deployment turns
    /// ACTIVE/FAILED beside a new PRIMARY on the last good revision, and once the rollback completes only that PRIMARY is
    /// left, steady: so a FAILED rollout in any deployment is a failure, and so is a PRIMARY that runs another task
    /// definition or network configuration than <paramref name="requested"/>.
    /// </summary>
    public static string? Failure(EcsServiceState service, RequestedDeployment? requested)
    {
        if (service.Deployments.FirstOrDefault(deployment => deployment.RolloutState == "FAILED") is { } failed)
        {
            return $"a {failed.Status} deployment{(failed.TaskDefinitionArn is { } revision ? $" of {revision}" : "")} FAILED: {failed.RolloutStateReason ?? "no reason given"}";
        }

        if (requested is null || service.Deployments.FirstOrDefault(deployment => deployment.Status == "PRIMARY") is not { } primary)
        {
            return null;
        }

        // ECS reports the service's task definition as its PRIMARY's, so after a rollback both name the previous revision.
        // Both must disagree: moto updates the service's revision but keeps the first deployment's, which is no rollback.
        if (requested.TaskDefinitionArn is { } wanted && primary.TaskDefinitionArn is { } running && running != wanted
            && service.TaskDefinitionArn is { } serviceRevision && serviceRevision != wanted)
        {
            return $"the PRIMARY deployment runs {running}, not the requested {wanted} (ECS rolled the deployment back)";
        }

        // Same rule for the network: ECS reports the service's networkConfiguration as its PRIMARY's, so after a rollback of a
        // subnet/security-group change both name the previous one. moto keeps the first deployment's network but updates the
        // service's, which is no rollback.
        if (requested.Network is { } wantedNetwork && primary.Network is { } runningNetwork && !runningNetwork.SameAs(wantedNetwork)
            && service.Network is { } serviceNetwork && !serviceNetwork.SameAs(wantedNetwork))
        {
            return $"the PRIMARY deployment runs with {Describe(runningNetwork)}, not the requested {Describe(wantedNetwork)} (ECS rolled the deployment back)";
        }

        return null;
    }

    private static string Describe(AwsVpcPlacement network) =>
        $"subnets {string.Join(",", network.Subnets)}, security groups {string.Join(",", network.SecurityGroups)}, assignPublicIp {(network.AssignPublicIp ? "ENABLED" : "DISABLED")}";
}
