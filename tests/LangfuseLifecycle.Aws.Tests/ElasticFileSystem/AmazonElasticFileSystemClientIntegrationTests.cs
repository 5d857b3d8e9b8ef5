using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Aws.ElasticFileSystem.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.ElasticFileSystem;

[Collection(MotoCollection.Name)]
public sealed class AmazonElasticFileSystemClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonElasticFileSystemClient client = new(moto.Config);

    [Fact]
    public async Task DescribeFileSystemsAndMountTargetsAsync_WhenOneZoneFileSystem_ShouldReturnItsZoneAndSubnet()
    {
        // Arrange
        var token = MotoSeeder.UniqueName("clickhouse");
        var seed = await MotoSeeder.RunAsync(moto, MotoSeeder.Network, $$"""
            efs = client('efs')
            fs = efs.create_file_system(CreationToken='{{token}}', AvailabilityZoneName='us-east-1b', Tags=[{'Key': 'Name', 'Value': 'clickhouse'}])['FileSystemId']
            efs.create_mount_target(FileSystemId=fs, SubnetId=subnet_b)
            print(json.dumps({'fs': fs, 'subnet_b': subnet_b}))
            """);
        var fileSystemId = seed.GetProperty("fs").GetString()!;

        // Act
        var fileSystems = await client.DescribeFileSystemsAsync(new DescribeFileSystemsRequest { FileSystemId = fileSystemId });
        var mountTargets = await client.DescribeMountTargetsAsync(new DescribeMountTargetsRequest { FileSystemId = fileSystemId });

        // Assert
        var fileSystem = Assert.Single(fileSystems.FileSystems!);
        Assert.Equal("us-east-1b", fileSystem.AvailabilityZoneName);
        Assert.False(string.IsNullOrEmpty(fileSystem.AvailabilityZoneId));
        Assert.Equal("clickhouse", fileSystem.Tags!.Single(t => t.Key == "Name").Value);
        var mountTarget = Assert.Single(mountTargets.MountTargets!);
        Assert.Equal(seed.GetProperty("subnet_b").GetString(), mountTarget.SubnetId);
        Assert.Equal(fileSystem.AvailabilityZoneId, mountTarget.AvailabilityZoneId);
    }

    [Fact]
    public async Task DescribeFileSystemsAsync_WhenFileSystemDoesNotExist_ShouldThrowNotFound()
    {
        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeFileSystemsAsync(new DescribeFileSystemsRequest { FileSystemId = "fs-00000000" }));

        // Assert
        Assert.Equal("FileSystemNotFound", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
    }
}
