namespace LangfuseLifecycle.Core.Migration;

public enum DatabaseKind
{
    AuroraCluster,
    Instance,
}

/// <summary>The database as RDS describes it; <c>null</c> from the port means it does not exist.</summary>
/// <param name="MemberOfCluster">Set when the identifier names an Aurora member instance: the cluster it belongs to.</param>
/// <param name="Endpoint">The writer endpoint (cluster) or instance endpoint and its port, for preflight's network-path check.</param>
/// <param name="SecurityGroupIds">The database's VPC security groups, named in the rule preflight asks for.</param>
public sealed record DatabaseObservation(string Identifier, DatabaseKind Kind, string Status, string Engine, string? MemberOfCluster = null,
    DatabaseEndpoint? Endpoint = null, IReadOnlyList<string>? SecurityGroupIds = null)
{
    public bool IsAvailable => string.Equals(Status, "available", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An RDS snapshot and its state (<c>creating</c>, <c>available</c>, <c>failed</c>, …).</summary>
public sealed record SnapshotObservation(string Identifier, string Status, string StatusMessage);

/// <summary>The App Runner web service as DescribeService shows it.</summary>
public sealed record DatabaseEndpoint(string Host, int Port);

public sealed record WebServiceObservation(string ServiceArn, string ServiceName, string Status, string ServiceUrl, WebConfiguration Configuration)
{
    public bool IsRunning => Status == "RUNNING";
}

/// <summary>
/// An ECS service of the v3 backend; <c>null</c> from the port means it does not exist. <see cref="Container"/> is the
/// Langfuse container of the service's task definition (null when it could not be read).
/// </summary>
public sealed record EcsServiceObservation(string ServiceName, string Status, int DesiredCount, int RunningCount, IReadOnlyList<string> SubnetIds,
    ContainerObservation? Container = null);

/// <summary>
/// A container of a task definition as preflight compares it with the web: its image, plain variables and secrets
/// (name → Secrets Manager/SSM reference, never a value).
/// </summary>
public sealed record ContainerObservation(string Name, string Image, IReadOnlyDictionary<string, string> Environment, IReadOnlyDictionary<string, string> Secrets);

/// <summary>
/// The EFS file system that holds ClickHouse's data; a One Zone file system has an AZ, a Regional one none.
/// <see cref="SubnetIdsInZone"/>: the ClickHouse service's subnets in that AZ, where its task can mount the file system.
/// </summary>
public sealed record FileSystemObservation(string FileSystemId, string LifeCycleState, string? AvailabilityZoneId, IReadOnlyList<string> SubnetIdsInZone)
{
    public bool IsOneZone => AvailabilityZoneId is not null;
}

/// <summary>Everything preflight looks at, gathered by the ports before any change.</summary>
public sealed record MigrationObservation
{
    public DatabaseObservation? Database { get; init; }
    public WebServiceObservation? Web { get; init; }
    public EcsServiceObservation? ClickHouseService { get; init; }
    public EcsServiceObservation? WorkerService { get; init; }
    public FileSystemObservation? FileSystem { get; init; }
    /// <summary>Running executions of the migration state machine other than this one.</summary>
    public IReadOnlyList<string> OtherRunningExecutions { get; init; } = [];
}
