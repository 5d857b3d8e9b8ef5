namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>The cluster or one of the configured services does not exist (or is not ACTIVE). Nothing was changed.</summary>
public sealed class BackendServiceNotFoundException(string cluster, IReadOnlyList<string> missingServices)
    : SchedulingException(
        $"ECS services not found in cluster '{cluster}': {string.Join(", ", missingServices)}. " +
        "Fix: check LANGFUSE_CLUSTER, CLICKHOUSE_SERVICE and WORKER_SERVICES (names or ARNs of ACTIVE services in that cluster).")
{
    public string Cluster { get; } = cluster;
    public IReadOnlyList<string> MissingServices { get; } = missingServices;
}
