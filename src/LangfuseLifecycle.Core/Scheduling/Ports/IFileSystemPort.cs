namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <param name="AvailabilityZoneName">Set for a One Zone file system, null for a Regional one.</param>
public sealed record FileSystemPlacement(
    string FileSystemId,
    string? AvailabilityZoneName,
    string? AvailabilityZoneId,
    IReadOnlyList<MountTargetPlacement> MountTargets);

public sealed record MountTargetPlacement(string MountTargetId, string SubnetId, string AvailabilityZoneName, string AvailabilityZoneId);

public interface IFileSystemPort
{
    /// <summary>The file system and its mount targets, or null when the file system does not exist.</summary>
    Task<FileSystemPlacement?> DescribeAsync(string fileSystemId, CancellationToken cancellationToken);
}
