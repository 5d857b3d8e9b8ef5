using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Checks;
using LangfuseLifecycle.Core.Migration.Ports;
using LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration.Checks;

public class NetworkPathTests
{
    private static readonly DatabaseObservation Database = new("langfuse-db", DatabaseKind.AuroraCluster, "available", "aurora-postgresql",
        Endpoint: new DatabaseEndpoint("langfuse-db.cluster-abc.eu-west-1.rds.amazonaws.com", 5432), SecurityGroupIds: ["sg-db"]);

    [Fact]
    public async Task CheckAsync_WhenBothAreReachable_ShouldFindNothingAndProbeTheDatabaseEndpointAndRedis()
    {
        // Arrange
        var probe = new FakeNetworkPathProbe();

        // Act
        var problems = await new NetworkPath(probe).CheckAsync(MigrationSamples.Settings(), Observation(), CancellationToken.None);

        // Assert
        Assert.Empty(problems);
        Assert.Equal(
            [("langfuse-db.cluster-abc.eu-west-1.rds.amazonaws.com", 5432), ("langfuse.abc123.euw1.cache.amazonaws.com", 6379)],
            probe.Probed.Select(target => (target.Host, target.Port)));
    }

    [Fact]
    public async Task CheckAsync_WhenTheDatabaseDropsTheConnection_ShouldNameTheSecurityGroupRuleToAdd()
    {
        // Arrange
        var probe = new FakeNetworkPathProbe { Outcomes = { ["database"] = TcpOutcome.TimedOut } };

        // Act
        var problems = await new NetworkPath(probe).CheckAsync(MigrationSamples.Settings(), Observation(), CancellationToken.None);

        // Assert
        var problem = Assert.Single(problems);
        Assert.Equal("databaseIdentifier", problem.Field);
        Assert.Contains("langfuse-db.cluster-abc.eu-west-1.rds.amazonaws.com:5432", problem.Problem);
        Assert.Contains("inbound rule to the database's security group (sg-db): TCP 5432 from the web VPC connector's security group", problem.Fix);
    }

    [Theory]
    [InlineData(TcpOutcome.Refused, "refused the connection")]
    [InlineData(TcpOutcome.Unresolved, "does not resolve inside the VPC")]
    [InlineData(TcpOutcome.Unreachable, "TCP 6379 from the web VPC connector's security group")]
    public async Task CheckAsync_WhenRedisFails_ShouldExplainTheOutcome(TcpOutcome outcome, string expected)
    {
        // Arrange
        var probe = new FakeNetworkPathProbe { Outcomes = { ["Redis"] = outcome } };

        // Act
        var problems = await new NetworkPath(probe).CheckAsync(MigrationSamples.Settings(), Observation(), CancellationToken.None);

        // Assert
        var problem = Assert.Single(problems);
        Assert.Equal("redisHost", problem.Field);
        Assert.Contains(expected, problem.ToString());
    }

    [Fact]
    public void Targets_WhenTheIdentifierIsAnAuroraMemberInstance_ShouldLeaveTheDatabaseToTheRuleThatRefusesIt()
    {
        // Arrange
        var member = Observation() with { Database = Database with { Kind = DatabaseKind.Instance, MemberOfCluster = "langfuse" } };

        // Act
        var targets = NetworkPath.Targets(MigrationSamples.Settings(), member);

        // Assert
        Assert.Equal(["Redis"], targets.Select(target => target.Name));
    }

    private static MigrationObservation Observation() => MigrationSamples.Observation() with { Database = Database };
}
