using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>The same test as the AWS SDK's services-stable waiter: one deployment and running == desired.</summary>
public static class ServiceSteadiness
{
    public static bool IsSteadyAt(EcsServiceState service, int desiredCount) =>
        service.DesiredCount == desiredCount
        && service.RunningCount == desiredCount
        && service.Deployments.Count <= 1;

    /// <summary>A stopped service: nothing running or pending any more.</summary>
    public static bool IsStopped(EcsServiceState service) => service.RunningCount == 0 && service.PendingCount == 0;

    public static DeploymentState? FailedDeployment(EcsServiceState service) =>
        service.Deployments.FirstOrDefault(deployment => deployment.Status == "PRIMARY" && deployment.RolloutState == "FAILED");
}
