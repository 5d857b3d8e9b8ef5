namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>The Langfuse v3 backend the scheduler manages: one ClickHouse service pinned to its EFS file system, and the workers that depend on it.</summary>
/// <param name="Cluster">ECS cluster name or ARN.</param>
/// <param name="ClickHouseService">Service name or ARN.</param>
/// <param name="WorkerServices">Service names or ARNs, started after ClickHouse and stopped before it.</param>
/// <param name="DefaultDesiredCount">The count a service wakes to when it has no restore record and is at 0.</param>
public sealed record BackendTopology(
    string Cluster,
    string ClickHouseService,
    IReadOnlyList<string> WorkerServices,
    string ClickHouseFileSystemId,
    Uri? ClickHouseHealthUrl = null,
    Uri? WorkerHealthUrl = null,
    int DefaultDesiredCount = 1)
{
    public string ClusterName => LastSegment(Cluster);

    /// <summary>The ClickHouse service followed by the workers, as named by ECS (ARNs reduced to names).</summary>
    public IReadOnlyList<string> AllServiceNames => [ServiceName(ClickHouseService), .. WorkerServices.Select(ServiceName)];

    public static string ServiceName(string nameOrArn) => LastSegment(nameOrArn);

    /// <summary>Application Auto Scaling resource id of an ECS service.</summary>
    public string ScalableResourceId(string service) => $"service/{ClusterName}/{ServiceName(service)}";

    private static string LastSegment(string nameOrArn)
    {
        var slash = nameOrArn.LastIndexOf('/');
        return slash >= 0 ? nameOrArn[(slash + 1)..] : nameOrArn;
    }
}
