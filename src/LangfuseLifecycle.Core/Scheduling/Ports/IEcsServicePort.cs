namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>The ECS operations the scheduler uses. Tags carry the restore record and the keep-awake override.</summary>
public interface IEcsServicePort
{
    /// <summary>Describes the services (with tags) in one call. Services that do not exist, or a missing cluster, are simply absent from the result.</summary>
    Task<IReadOnlyList<EcsServiceState>> DescribeServicesAsync(string cluster, IReadOnlyList<string> services, CancellationToken cancellationToken);

    Task UpdateServiceAsync(string cluster, string service, EcsServiceUpdate update, CancellationToken cancellationToken);

    Task TagServiceAsync(string serviceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    Task UntagServiceAsync(string serviceArn, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken);
}
