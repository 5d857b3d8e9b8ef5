namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>ECS reports the service's deployment as FAILED (e.g. tasks cannot mount EFS). Waiting longer would not help.</summary>
public sealed class BackendDeploymentFailedException(string service, string? reason)
    : SchedulingException($"Deployment of ECS service '{service}' failed: {reason ?? "no reason given"}. Fix: check the service's events and stopped tasks in the ECS console.")
{
    public string Service { get; } = service;
}
