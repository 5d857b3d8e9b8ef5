using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.RDS;
using LangfuseLifecycle.Aws.RDS.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.RDS;

[Collection(MotoCollection.Name)]
public sealed class AmazonRDSClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonRDSClient client = new(moto.Config);

    [Fact]
    public async Task ClusterSnapshotOperations_WhenAuroraClusterExists_ShouldDescribeClusterAndSnapshotIt()
    {
        // Arrange
        var cluster = MotoSeeder.UniqueName("langfuse");
        await MotoSeeder.RunAsync(moto, $$"""
            rds = client('rds')
            rds.create_db_cluster(DBClusterIdentifier='{{cluster}}', Engine='aurora-postgresql', MasterUsername='langfuse', MasterUserPassword='password123')
            rds.create_db_instance(DBInstanceIdentifier='{{cluster}}-1', DBClusterIdentifier='{{cluster}}', Engine='aurora-postgresql', DBInstanceClass='db.r6g.large')
            print('{}')
            """);
        var snapshotId = cluster + "-before-v3";

        // Act
        var clusters = await client.DescribeDBClustersAsync(new DescribeDBClustersRequest { DBClusterIdentifier = cluster });
        var instances = await client.DescribeDBInstancesAsync(new DescribeDBInstancesRequest { DBInstanceIdentifier = cluster + "-1" });
        var created = await client.CreateDBClusterSnapshotAsync(new CreateDBClusterSnapshotRequest
        {
            DBClusterIdentifier = cluster,
            DBClusterSnapshotIdentifier = snapshotId,
            Tags = [new Tag { Key = "created-by", Value = "langfuse-lifecycle" }],
        });
        var described = await client.DescribeDBClusterSnapshotsAsync(new DescribeDBClusterSnapshotsRequest { DBClusterSnapshotIdentifier = snapshotId });

        // Assert
        var dbCluster = Assert.Single(clusters.DBClusters!);
        Assert.Equal("aurora-postgresql", dbCluster.Engine);
        Assert.Contains(dbCluster.DBClusterMembers!, m => m.DBInstanceIdentifier == cluster + "-1");
        Assert.Equal(cluster, Assert.Single(instances.DBInstances!).DBClusterIdentifier);
        Assert.Equal(snapshotId, created.DBClusterSnapshot!.DBClusterSnapshotIdentifier);
        var snapshot = Assert.Single(described.DBClusterSnapshots!);
        Assert.Equal(cluster, snapshot.DBClusterIdentifier);
        Assert.Contains(snapshot.Status, new[] { "creating", "available" });
        Assert.Contains(snapshot.TagList!, t => t.Key == "created-by" && t.Value == "langfuse-lifecycle");
    }

    [Fact]
    public async Task DBSnapshotOperations_WhenInstanceExists_ShouldSnapshotAndDescribeIt()
    {
        // Arrange
        var instance = MotoSeeder.UniqueName("langfuse-db");
        await MotoSeeder.RunAsync(moto, $$"""
            client('rds').create_db_instance(DBInstanceIdentifier='{{instance}}', Engine='postgres', DBInstanceClass='db.t3.micro', AllocatedStorage=20,
                MasterUsername='langfuse', MasterUserPassword='password123')
            print('{}')
            """);

        // Act
        var created = await client.CreateDBSnapshotAsync(new CreateDBSnapshotRequest
        {
            DBInstanceIdentifier = instance,
            DBSnapshotIdentifier = instance + "-snap",
            Tags = [new Tag { Key = "created-by", Value = "langfuse-lifecycle" }],
        });
        var described = await client.DescribeDBSnapshotsAsync(new DescribeDBSnapshotsRequest { DBInstanceIdentifier = instance, SnapshotType = "manual" });

        // Assert
        Assert.Equal(instance + "-snap", created.DBSnapshot!.DBSnapshotIdentifier);
        var snapshot = Assert.Single(described.DBSnapshots!);
        Assert.Equal(instance, snapshot.DBInstanceIdentifier);
        Assert.Equal("postgres", snapshot.Engine);
        Assert.Contains(snapshot.TagList!, t => t.Key == "created-by");
    }

    [Fact]
    public async Task DescribeDBClustersAsync_WhenClusterDoesNotExist_ShouldThrowNotFoundFault()
    {
        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeDBClustersAsync(new DescribeDBClustersRequest { DBClusterIdentifier = "no-such-cluster" }));

        // Assert
        Assert.Equal("DBClusterNotFoundFault", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
        Assert.Equal("RDS", exception.Service);
    }
}
