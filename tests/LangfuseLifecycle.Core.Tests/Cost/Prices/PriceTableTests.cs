using LangfuseLifecycle.Core.Cost.Exceptions;
using LangfuseLifecycle.Core.Cost.Prices;

namespace LangfuseLifecycle.Core.Tests.Cost.Prices;

public class PriceTableTests
{
    private const string Header = "region\titem\tvalue\tunit\tmark\tsource\tdate\n";

    [Fact]
    public void Default_WhenLoaded_ShouldCoverTokyoAndNorthVirginiaWithSourcedPrices()
    {
        // Act
        var table = PriceTable.Default;

        // Assert
        Assert.Equal(["ap-northeast-1", "us-east-1"], table.Regions);
        Assert.All(table.Entries, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Source)));
        Assert.Equal(0.05056m, table.Get("ap-northeast-1", "fargate.x86_64.vcpu-hour", "ClickHouse").Value);
        Assert.Equal(PriceVerification.Seen, table.Get("us-east-1", "efs.standard.gb-month", "EfsStorageClass").Verification);
        Assert.Equal(PriceVerification.Unverified, table.Get("us-east-1", "efs.one-zone.gb-month", "EfsStorageClass").Verification);
        Assert.Equal(PriceVerification.Assumption, table.Get("us-east-1", "fargate.spot.discount", "SpotDiscount").Verification);
    }

    [Fact]
    public void Get_WhenRegionIsUnknown_ShouldThrowNamingRegionAndKnownRegions()
    {
        // Act
        var error = Assert.Throws<UnknownRegionException>(() => PriceTable.Default.Get("eu-west-9", "fargate.x86_64.vcpu-hour", "ClickHouse"));

        // Assert
        Assert.Equal("Region", error.Field);
        Assert.Contains("ap-northeast-1, us-east-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_WhenRegionLacksTheItem_ShouldThrowNamingTheInputThatNeedsIt()
    {
        // Act: Tokyo's EFS Elastic throughput price was not found, so it is deliberately absent.
        var error = Assert.Throws<MissingPriceException>(() => PriceTable.Default.Get("ap-northeast-1", "efs.elastic.read-gb", "EfsReadGbPerMonth"));

        // Assert
        Assert.Equal("EfsReadGbPerMonth", error.Field);
        Assert.Equal("efs.elastic.read-gb", error.PriceItem);
    }

    [Theory]
    [InlineData("us-east-1\ta\t0.1\tUSD\tX\tsrc\t-\n", "mark 'X' must be S, U or A")]
    [InlineData("us-east-1\ta\tcheap\tUSD\tS\tsrc\t-\n", "not a non-negative decimal")]
    [InlineData("us-east-1\ta\t0.1\tUSD\tS\t\t-\n", "needs a source")]
    [InlineData("us-east-1\ta\t0.1\tUSD\tS\tsrc\n", "expected 7 tab-separated cells")]
    [InlineData("us-east-1\ta\t0.1\tUSD\tS\tsrc\t-\nus-east-1\ta\t0.2\tUSD\tS\tsrc\t-\n", "appears twice")]
    public void Parse_WhenARowIsMalformed_ShouldThrowNamingTheLine(string rows, string problem)
    {
        // Arrange
        using var reader = new StringReader("# comment\n" + Header + rows);

        // Act
        var error = Assert.Throws<PriceTableFormatException>(() => PriceTable.Parse(reader));

        // Assert
        Assert.StartsWith("prices.tsv line ", error.Field, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenHeaderIsMissing_ShouldThrow()
    {
        // Arrange
        using var reader = new StringReader("us-east-1\ta\t0.1\tUSD\tS\tsrc\t-\n");

        // Act
        var error = Assert.Throws<PriceTableFormatException>(() => PriceTable.Parse(reader));

        // Assert
        Assert.Equal(1, error.LineNumber);
    }
}
