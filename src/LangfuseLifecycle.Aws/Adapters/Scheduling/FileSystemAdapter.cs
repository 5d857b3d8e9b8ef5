using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Aws.ElasticFileSystem.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>The ClickHouse file system's AZ (One Zone) and its mount targets' AZs.</summary>
public sealed class FileSystemAdapter(IAmazonElasticFileSystem efs) : IFileSystemPort
{
    public async Task<FileSystemPlacement?> DescribeAsync(string fileSystemId, CancellationToken cancellationToken)
    {
        FileSystemDescription? fileSystem;
        try
        {
            var response = await efs.DescribeFileSystemsAsync(new DescribeFileSystemsRequest { FileSystemId = fileSystemId }, cancellationToken).ConfigureAwait(false);
            fileSystem = response.FileSystems?.FirstOrDefault();
        }
        catch (AwsServiceException exception) when (exception.IsNotFound)
        {
            return null;
        }

        if (fileSystem is null)
        {
            return null;
        }

        // A One Zone file system names its AZ and has one mount target: the mount targets add nothing, so skip the call.
        if (fileSystem.AvailabilityZoneName is not null && fileSystem.AvailabilityZoneId is not null)
        {
            return new FileSystemPlacement(fileSystemId, fileSystem.AvailabilityZoneName, fileSystem.AvailabilityZoneId, []);
        }

        var mountTargets = await efs.DescribeMountTargetsAsync(new DescribeMountTargetsRequest { FileSystemId = fileSystemId }, cancellationToken).ConfigureAwait(false);
        return new FileSystemPlacement(
            fileSystemId,
            fileSystem.AvailabilityZoneName,
            fileSystem.AvailabilityZoneId,
            [.. (mountTargets.MountTargets ?? []).Select(target => new MountTargetPlacement(
                target.MountTargetId ?? string.Empty, target.SubnetId ?? string.Empty, target.AvailabilityZoneName ?? string.Empty, target.AvailabilityZoneId ?? string.Empty))]);
    }
}
