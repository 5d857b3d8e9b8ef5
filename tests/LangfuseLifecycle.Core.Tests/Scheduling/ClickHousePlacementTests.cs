using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class ClickHousePlacementTests
{
    private static readonly SubnetPlacement A = new("subnet-a", "ap-northeast-1a", "apne1-az4");
    private static readonly SubnetPlacement C = new("subnet-c", "ap-northeast-1c", "apne1-az1");
    private static readonly SubnetPlacement D = new("subnet-d", "ap-northeast-1d", "apne1-az2");

    private static FileSystemPlacement OneZone(string zoneName, string zoneId) =>
        new("fs-1", zoneName, zoneId, [new MountTargetPlacement("fsmt-1", "subnet-x", zoneName, zoneId)]);

    [Fact]
    public void Decide_WhenSubnetsDriftedAcrossZones_ShouldKeepOnlyTheFileSystemZone()
    {
        // Act
        var placement = ClickHousePlacement.Decide(OneZone("ap-northeast-1a", "apne1-az4"), ["subnet-c", "subnet-a"], [A, C]);

        // Assert
        Assert.Equal(["subnet-a"], placement.InZoneSubnets);
        Assert.Equal(["subnet-c"], placement.OutOfZoneSubnets);
        Assert.True(placement.NeedsSubnetChange);
        Assert.Equal(["apne1-az4 (ap-northeast-1a)"], placement.AllowedZonesForDisplay);
    }

    [Fact]
    public void Decide_WhenNoSubnetInZone_ShouldReportNoSubnetFits()
    {
        // Act
        var placement = ClickHousePlacement.Decide(OneZone("ap-northeast-1a", "apne1-az4"), ["subnet-c", "subnet-d"], [C, D]);

        // Assert
        Assert.True(placement.NoSubnetFits);
        Assert.False(placement.NeedsSubnetChange);
    }

    [Fact]
    public void Decide_WhenZoneNameDiffersButIdMatches_ShouldTrustTheId()
    {
        // Arrange: the EFS was read in an account where apne1-az4 is called ap-northeast-1c.
        var fileSystem = OneZone("ap-northeast-1c", "apne1-az4");

        // Act
        var placement = ClickHousePlacement.Decide(fileSystem, ["subnet-a", "subnet-c"], [A, C]);

        // Assert
        Assert.Equal(["subnet-a"], placement.InZoneSubnets);
    }

    [Fact]
    public void Decide_WhenRegionalFileSystem_ShouldAllowEveryZoneWithAMountTarget()
    {
        // Arrange
        var regional = new FileSystemPlacement("fs-1", null, null,
            [new MountTargetPlacement("fsmt-a", "subnet-x", "ap-northeast-1a", "apne1-az4"), new MountTargetPlacement("fsmt-c", "subnet-y", "ap-northeast-1c", "apne1-az1")]);

        // Act
        var placement = ClickHousePlacement.Decide(regional, ["subnet-a", "subnet-c", "subnet-d"], [A, C, D]);

        // Assert
        Assert.Equal(["subnet-a", "subnet-c"], placement.InZoneSubnets);
        Assert.Equal(["subnet-d"], placement.OutOfZoneSubnets);
    }

    [Fact]
    public void Decide_WhenSubnetUnknown_ShouldTreatItAsOutOfZone()
    {
        // Act
        var placement = ClickHousePlacement.Decide(OneZone("ap-northeast-1a", "apne1-az4"), ["subnet-a", "subnet-gone"], [A]);

        // Assert
        Assert.Equal(["subnet-gone"], placement.OutOfZoneSubnets);
    }
}
