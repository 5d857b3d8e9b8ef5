using System.Net;
using LangfuseLifecycle.Aws.Adapters.Migration;
using LangfuseLifecycle.Aws.RDS;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Migration;

public class RdsDatabaseSnapshotsTests
{
    private const string Xml = "text/xml";
    private static readonly Dictionary<string, string> Tags = new() { ["purpose"] = "pre-v3-migration" };

    [Theory]
    [InlineData("InvalidDBClusterStateFault", DatabaseKind.AuroraCluster, "DBCluster langfuse is not in available state: backing-up")]
    [InlineData("InvalidDBClusterStateFault", DatabaseKind.AuroraCluster, "DBCluster langfuse is not in available state: modifying")]
    [InlineData("InvalidDBInstanceState", DatabaseKind.Instance, "DBInstance langfuse is not in available state: backing-up")]
    public async Task CreateSnapshotAsync_WhenTheDatabaseIsBusy_ShouldThrowTheRetriedDatabaseBusyException(string code, DatabaseKind kind, string message)
    {
        // Arrange
        var handler = new RecordingHttpHandler().Respond(HttpStatusCode.BadRequest, $"""
            <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
              <RequestId>rds-busy-1</RequestId>
            </ErrorResponse>
            """, Xml);
        var snapshots = new RdsDatabaseSnapshots(new AmazonRDSClient(TestConfigs.WithHandler(handler)));

        // Act
        var error = await Assert.ThrowsAsync<DatabaseBusyException>(() =>
            snapshots.CreateSnapshotAsync(new DatabaseTarget("langfuse", kind), "langfuse-pre-v3-run-1", Tags, CancellationToken.None));

        // Assert
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.Contains("retried", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSnapshotAsync_WhenTheQuotaIsReached_ShouldStillFailTheSnapshot()
    {
        var handler = new RecordingHttpHandler().Respond(HttpStatusCode.BadRequest, """
            <ErrorResponse><Error><Type>Sender</Type><Code>SnapshotQuotaExceededFault</Code><Message>quota</Message></Error></ErrorResponse>
            """, Xml);
        var snapshots = new RdsDatabaseSnapshots(new AmazonRDSClient(TestConfigs.WithHandler(handler)));

        await Assert.ThrowsAsync<SnapshotFailedException>(() =>
            snapshots.CreateSnapshotAsync(new DatabaseTarget("langfuse", DatabaseKind.AuroraCluster), "langfuse-pre-v3-run-1", Tags, CancellationToken.None));
    }

    [Fact]
    public async Task DescribeDatabaseAsync_WhenTheNameIsAnAuroraMemberInstance_ShouldNameItsClusterWithoutDescribingIt()
    {
        // Arrange: describing the cluster would need rds:DescribeDBClusters on a cluster the template never named.
        var handler = new RecordingHttpHandler()
            .Respond(HttpStatusCode.NotFound, """
                <ErrorResponse><Error><Type>Sender</Type><Code>DBClusterNotFoundFault</Code><Message>DBCluster langfuse-1 not found.</Message></Error></ErrorResponse>
                """, Xml)
            .Respond(HttpStatusCode.OK, """
                <DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><DBInstances>
                  <DBInstance><DBInstanceIdentifier>langfuse-1</DBInstanceIdentifier><DBInstanceStatus>available</DBInstanceStatus>
                    <Engine>aurora-postgresql</Engine><DBClusterIdentifier>langfuse</DBClusterIdentifier>
                  </DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>
                """, Xml);
        var snapshots = new RdsDatabaseSnapshots(new AmazonRDSClient(TestConfigs.WithHandler(handler)));

        // Act
        var database = await snapshots.DescribeDatabaseAsync("langfuse-1", CancellationToken.None);

        // Assert
        Assert.Equal("langfuse", database!.MemberOfCluster);
        Assert.Equal(2, handler.Requests.Count);
    }
}
