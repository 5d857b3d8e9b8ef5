using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Migration.Checks;

/// <summary>
/// The v3 web (through its VPC connector) and the worker must reach PostgreSQL and Redis: after the switch all web egress
/// leaves through the connector's security group, which a v2 setup never admitted. Preflight runs in the VPC with the
/// security group template.yaml gives it (the web connector's in BackendMode=create) and opens a TCP connection to the
/// database endpoint RDS reports and to Redis; each one that fails becomes a problem naming the inbound rule to add.
/// ClickHouse is asleep at preflight (no task, no DNS record): its path is checked by the Health phase's /ping from the VPC.
/// </summary>
public sealed class NetworkPath(INetworkPathProbe probe) : IPreflightCheck
{
    public async Task<IReadOnlyList<PreflightProblem>> CheckAsync(MigrationSettings settings, MigrationObservation observed, CancellationToken cancellationToken)
    {
        var targets = Targets(settings, observed);
        if (targets.Count == 0)
        {
            return [];
        }

        var results = await probe.ConnectAsync(targets, cancellationToken).ConfigureAwait(false);
        return [.. results.Where(result => !result.IsReachable).Select(result => Problem(result, observed.Database))];
    }

    public static IReadOnlyList<TcpTarget> Targets(MigrationSettings settings, MigrationObservation observed)
    {
        var targets = new List<TcpTarget>();
        if (observed.Database is { MemberOfCluster: null, Endpoint: { } database })
        {
            targets.Add(new("database", "databaseIdentifier", database.Host, database.Port));
        }

        if (settings.RedisHost is { Length: > 0 } redis && int.TryParse(settings.RedisPort, out var port) && port is > 0 and < 65536)
        {
            targets.Add(new("Redis", "redisHost", redis, port));
        }

        return targets;
    }

    private static PreflightProblem Problem(TcpReachability result, DatabaseObservation? database)
    {
        var target = result.Target;
        var where = $"{target.Host}:{target.Port}";
        var groups = target.Name == "database" && database?.SecurityGroupIds is { Count: > 0 } ids
            ? $"the database's security group ({string.Join(", ", ids)})"
            : $"the {target.Name} security group";
        var rule = $"add an inbound rule to {groups}: TCP {target.Port} from the web VPC connector's security group and from the worker tasks' security group"
            + " (BackendMode=create: set DatabaseSecurityGroupId/DatabasePort and the backend stack adds them)";
        return result.Outcome switch
        {
            TcpOutcome.Unresolved => new(target.Field, $"The {target.Name} endpoint {target.Host} does not resolve inside the VPC ({result.Detail}).",
                "Use the endpoint as RDS/ElastiCache report it and make sure the VPC has DNS resolution and hostnames enabled (and any private hosted zone is associated with it)."),
            TcpOutcome.Refused => new(target.Field, $"The {target.Name} at {where} refused the connection from inside the VPC ({result.Detail}): the host answers but nothing listens on that port.",
                $"Check the {target.Name} port ({(target.Name == "Redis" ? "redisPort" : "the database's Port")}) and endpoint."),
            _ => new(target.Field, $"The {target.Name} at {where} is not reachable from the VPC through the web connector's security group ({result.Outcome}: {result.Detail}); the v3 web and the worker could not connect either.",
                $"To fix it, {rule}; also check the subnets' route tables and network ACLs."),
        };
    }
}
