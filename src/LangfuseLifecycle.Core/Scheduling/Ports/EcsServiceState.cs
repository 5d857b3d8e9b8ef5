namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>What the scheduler needs to know about one ECS service, read in a single describe call.</summary>
public sealed record EcsServiceState(
    string ServiceName,
    string ServiceArn,
    string Status,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    string? TaskDefinitionArn,
    IReadOnlyList<DeploymentState> Deployments,
    AwsVpcPlacement? Network,
    DeploymentLimits? DeploymentLimits,
    IReadOnlyDictionary<string, string> Tags);

/// <param name="Status">PRIMARY, ACTIVE or INACTIVE.</param>
/// <param name="RolloutState">COMPLETED, IN_PROGRESS, FAILED, or null when the deployment controller does not report one.</param>
/// <param name="TaskDefinitionArn">The revision this deployment runs.</param>
/// <param name="Network">The awsvpc configuration this deployment runs with.</param>
public sealed record DeploymentState(
    string Status, string? RolloutState, int DesiredCount, int RunningCount, string? RolloutStateReason,
    string? TaskDefinitionArn = null, AwsVpcPlacement? Network = null);

public sealed record AwsVpcPlacement(IReadOnlyList<string> Subnets, IReadOnlyList<string> SecurityGroups, bool AssignPublicIp)
{
    /// <summary>Same subnets, groups and public-IP setting, in any order (ECS does not keep the order it was given).</summary>
    public bool SameAs(AwsVpcPlacement other) =>
        AssignPublicIp == other.AssignPublicIp
        && Subnets.ToHashSet(StringComparer.Ordinal).SetEquals(other.Subnets)
        && SecurityGroups.ToHashSet(StringComparer.Ordinal).SetEquals(other.SecurityGroups);
}

/// <summary>What a wake asked ECS to run: a PRIMARY deployment with anything else is a rollback, not the wake's result.
/// Null members are not compared.</summary>
public sealed record RequestedDeployment(string? TaskDefinitionArn, AwsVpcPlacement? Network);

public sealed record DeploymentLimits(int MaximumPercent, int MinimumHealthyPercent);

/// <summary>One UpdateService call; null members are left unchanged.</summary>
public sealed record EcsServiceUpdate(
    int? DesiredCount = null,
    AwsVpcPlacement? Network = null,
    DeploymentLimits? DeploymentLimits = null,
    string? TaskDefinitionArn = null)
{
    public bool IsEmpty => DesiredCount is null && Network is null && DeploymentLimits is null && TaskDefinitionArn is null;
}
