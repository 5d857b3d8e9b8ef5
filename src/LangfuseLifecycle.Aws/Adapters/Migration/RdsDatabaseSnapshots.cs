using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.RDS;
using LangfuseLifecycle.Aws.RDS.Model;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>The Langfuse PostgreSQL as RDS sees it: an Aurora cluster (cluster snapshots) or a plain instance (DB snapshots).</summary>
public sealed class RdsDatabaseSnapshots(IAmazonRDS rds) : IDatabaseSnapshots
{
    /// <summary>The database's state, not the request, is wrong: an Aurora cluster backing-up or modifying
    /// (CreateDBClusterSnapshot), an instance doing the same (CreateDBSnapshot; botocore's error code drops "Fault").</summary>
    private static readonly HashSet<string> BusyErrorCodes = new(StringComparer.Ordinal) { "InvalidDBClusterStateFault", "InvalidDBInstanceState" };

    public async Task<DatabaseObservation?> DescribeDatabaseAsync(string identifier, CancellationToken cancellationToken)
    {
        var cluster = await DescribeClusterAsync(identifier, cancellationToken).ConfigureAwait(false);
        if (cluster is not null)
        {
            return cluster;
        }

        var instances = await TransientAwsErrors.FindAsync("RDS DescribeDBInstances", () =>
            rds.DescribeDBInstancesAsync(new DescribeDBInstancesRequest { DBInstanceIdentifier = identifier }, cancellationToken)!).ConfigureAwait(false);
        var instance = instances?.DBInstances?.FirstOrDefault();
        if (instance is null)
        {
            return null;
        }

        // An Aurora member instance has no snapshot of its own, and the roles may read and snapshot only the configured name:
        // describing its cluster would be denied on real AWS. Preflight refuses it and names the cluster to configure.
        return new DatabaseObservation(
            instance.DBInstanceIdentifier ?? identifier, DatabaseKind.Instance, instance.DBInstanceStatus ?? "unknown", instance.Engine ?? "",
            string.IsNullOrEmpty(instance.DBClusterIdentifier) ? null : instance.DBClusterIdentifier,
            EndpointOf(instance.Endpoint?.Address, instance.Endpoint?.Port), GroupsOf(instance.VpcSecurityGroups));
    }

    public async Task<SnapshotObservation?> FindSnapshotAsync(DatabaseTarget database, string snapshotIdentifier, CancellationToken cancellationToken)
    {
        if (database.Kind == DatabaseKind.AuroraCluster)
        {
            var clusterSnapshots = await TransientAwsErrors.FindAsync("RDS DescribeDBClusterSnapshots", () =>
                rds.DescribeDBClusterSnapshotsAsync(new DescribeDBClusterSnapshotsRequest { DBClusterSnapshotIdentifier = snapshotIdentifier }, cancellationToken)!).ConfigureAwait(false);
            return clusterSnapshots?.DBClusterSnapshots?.FirstOrDefault() is { } clusterSnapshot
                ? new SnapshotObservation(clusterSnapshot.DBClusterSnapshotIdentifier ?? snapshotIdentifier, clusterSnapshot.Status ?? "unknown", Progress(clusterSnapshot.Status, clusterSnapshot.PercentProgress))
                : null;
        }

        var snapshots = await TransientAwsErrors.FindAsync("RDS DescribeDBSnapshots", () =>
            rds.DescribeDBSnapshotsAsync(new DescribeDBSnapshotsRequest { DBSnapshotIdentifier = snapshotIdentifier }, cancellationToken)!).ConfigureAwait(false);
        return snapshots?.DBSnapshots?.FirstOrDefault() is { } snapshot
            ? new SnapshotObservation(snapshot.DBSnapshotIdentifier ?? snapshotIdentifier, snapshot.Status ?? "unknown", Progress(snapshot.Status, snapshot.PercentProgress))
            : null;
    }

    public async Task<SnapshotObservation> CreateSnapshotAsync(DatabaseTarget database, string snapshotIdentifier, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var tagList = tags.Select(tag => new Tag { Key = tag.Key, Value = tag.Value }).ToList();
        try
        {
            if (database.Kind == DatabaseKind.AuroraCluster)
            {
                var created = await TransientAwsErrors.CallAsync("RDS CreateDBClusterSnapshot", () => rds.CreateDBClusterSnapshotAsync(
                    new CreateDBClusterSnapshotRequest { DBClusterIdentifier = database.Identifier, DBClusterSnapshotIdentifier = snapshotIdentifier, Tags = tagList },
                    cancellationToken)).ConfigureAwait(false);
                return new SnapshotObservation(snapshotIdentifier, created.DBClusterSnapshot?.Status ?? "creating", "");
            }

            var instanceSnapshot = await TransientAwsErrors.CallAsync("RDS CreateDBSnapshot", () => rds.CreateDBSnapshotAsync(
                new CreateDBSnapshotRequest { DBInstanceIdentifier = database.Identifier, DBSnapshotIdentifier = snapshotIdentifier, Tags = tagList },
                cancellationToken)).ConfigureAwait(false);
            return new SnapshotObservation(snapshotIdentifier, instanceSnapshot.DBSnapshot?.Status ?? "creating", "");
        }
        catch (AwsServiceException exception) when (exception.ErrorCode.Contains("AlreadyExists", StringComparison.Ordinal))
        {
            // A concurrent or timed-out earlier attempt of this same step created it.
            return await FindSnapshotAsync(database, snapshotIdentifier, cancellationToken).ConfigureAwait(false)
                ?? throw new SnapshotFailedException($"RDS says snapshot {snapshotIdentifier} exists but does not describe it: {exception.Message}", exception);
        }
        catch (AwsServiceException exception) when (BusyErrorCodes.Contains(exception.ErrorCode))
        {
            throw new DatabaseBusyException(
                $"RDS cannot snapshot {database.Identifier} right now ({exception.ErrorCode}: {exception.ErrorMessage}); the step is retried until it is available again. Nothing was changed.", exception);
        }
        catch (AwsServiceException exception)
        {
            throw new SnapshotFailedException(
                $"RDS refused the snapshot {snapshotIdentifier} of {database.Identifier}: {exception.ErrorCode}: {exception.ErrorMessage}. Nothing else was changed.", exception);
        }
    }

    private async Task<DatabaseObservation?> DescribeClusterAsync(string identifier, CancellationToken cancellationToken)
    {
        var clusters = await TransientAwsErrors.FindAsync("RDS DescribeDBClusters", () =>
            rds.DescribeDBClustersAsync(new DescribeDBClustersRequest { DBClusterIdentifier = identifier }, cancellationToken)!).ConfigureAwait(false);
        return clusters?.DBClusters?.FirstOrDefault() is { } cluster
            ? new DatabaseObservation(cluster.DBClusterIdentifier ?? identifier, DatabaseKind.AuroraCluster, cluster.Status ?? "unknown", cluster.Engine ?? "",
                Endpoint: EndpointOf(cluster.Endpoint, cluster.Port), SecurityGroupIds: GroupsOf(cluster.VpcSecurityGroups))
            : null;
    }

    private static DatabaseEndpoint? EndpointOf(string? host, int? port) =>
        string.IsNullOrEmpty(host) || port is not { } value ? null : new DatabaseEndpoint(host, value);

    private static string[] GroupsOf(List<VpcSecurityGroupMembership>? groups) =>
        [.. (groups ?? []).Select(group => group.VpcSecurityGroupId).OfType<string>()];

    // RDS gives no reason for a failed snapshot; the progress is worth showing only while it is being made.
    private static string Progress(string? status, int? percent) => status == "creating" && percent is { } value ? $"{value}% done" : "";
}
