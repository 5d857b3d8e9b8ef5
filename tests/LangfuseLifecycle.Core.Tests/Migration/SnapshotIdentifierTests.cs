using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

public class SnapshotIdentifierTests
{
    [Theory]
    [InlineData("2026-11-29", "langfuse-pre-v3-2026-11-29")]
    [InlineData("My_Migration.1", "langfuse-pre-v3-my-migration-1")]
    [InlineData("a__b--c", "langfuse-pre-v3-a-b-c")]
    [InlineData("trailing_", "langfuse-pre-v3-trailing")]
    [InlineData("5e0b7a3c-8a0e-4a57-9c1e-2f7a3e4b9d10", "langfuse-pre-v3-5e0b7a3c-8a0e-4a57-9c1e-2f7a3e4b9d10")]
    public void ForExecution_WhenNameHasCharactersRdsRejects_ShouldProduceAValidIdentifier(string executionName, string expected)
    {
        var identifier = SnapshotIdentifier.ForExecution(executionName, DatabaseKind.AuroraCluster);

        Assert.Equal(expected, identifier);
        Assert.Null(SnapshotIdentifier.Explain(identifier, DatabaseKind.AuroraCluster));
    }

    [Fact]
    public void ForExecution_WhenNameIsLongForAnInstance_ShouldCapAt255WithoutTrailingHyphen()
    {
        var name = string.Concat(Enumerable.Repeat("abcdefghi-", 30));

        var identifier = SnapshotIdentifier.ForExecution(name, DatabaseKind.Instance);

        Assert.True(identifier.Length <= 255);
        Assert.Null(SnapshotIdentifier.Explain(identifier, DatabaseKind.Instance));
    }

    [Fact]
    public void ForExecution_WhenAnEightyCharacterNameIsForAnAuroraCluster_ShouldFitCreateDbClusterSnapshotsSixtyThreeCharacters()
    {
        var name = new string('a', 40) + "-" + new string('b', 39);

        var identifier = SnapshotIdentifier.ForExecution(name, DatabaseKind.AuroraCluster);

        Assert.Equal(63, identifier.Length);
        Assert.StartsWith(SnapshotIdentifier.Prefix, identifier, StringComparison.Ordinal);
        Assert.Null(SnapshotIdentifier.Explain(identifier, DatabaseKind.AuroraCluster));
    }

    [Fact]
    public void ForExecution_WhenTwoLongNamesShareTheirFirstSixtyCharacters_ShouldStillDiffer()
    {
        var common = new string('x', 70);

        var first = SnapshotIdentifier.ForExecution(common + "-first", DatabaseKind.AuroraCluster);
        var second = SnapshotIdentifier.ForExecution(common + "-second", DatabaseKind.AuroraCluster);

        Assert.NotEqual(first, second);
        Assert.Equal(first, SnapshotIdentifier.ForExecution(common + "-first", DatabaseKind.AuroraCluster));
    }

    [Fact]
    public void Explain_WhenA64CharacterIdentifierIsForAnAuroraCluster_ShouldRefuseIt()
    {
        var identifier = SnapshotIdentifier.Prefix + new string('c', 48);

        Assert.Contains("more than the 63 allowed for an Aurora cluster snapshot", SnapshotIdentifier.Explain(identifier, DatabaseKind.AuroraCluster));
        Assert.Null(SnapshotIdentifier.Explain(identifier, DatabaseKind.Instance));
    }

    [Fact]
    public void ForExecution_WhenCalledTwiceForOneExecution_ShouldReturnTheSameIdentifier()
    {
        Assert.Equal(SnapshotIdentifier.ForExecution("run-7", DatabaseKind.AuroraCluster), SnapshotIdentifier.ForExecution("run-7", DatabaseKind.AuroraCluster));
    }

    [Fact]
    public void ForExecution_WhenGivenManyRandomStepFunctionsNames_ShouldAlwaysBeValid()
    {
        const string alphabet = "abcXYZ0189-_.~!$&'()*+,;=:@ ";
        var random = new Random(4242);
        for (var i = 0; i < 2000; i++)
        {
            var name = new string(Enumerable.Range(0, random.Next(1, 81)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

            var identifier = SnapshotIdentifier.ForExecution(name, DatabaseKind.AuroraCluster);

            Assert.True(SnapshotIdentifier.Explain(identifier, DatabaseKind.AuroraCluster) is null, $"'{name}' gave invalid '{identifier}'");
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1-snapshot", "start with a letter")]
    [InlineData("pre--v3", "two hyphens")]
    [InlineData("pre-v3-", "ends with a hyphen")]
    [InlineData("pre_v3", "'_' is not allowed")]
    public void Explain_WhenIdentifierBreaksAnRdsRule_ShouldNameTheRule(string identifier, string expected)
    {
        Assert.Contains(expected, SnapshotIdentifier.Explain(identifier, DatabaseKind.AuroraCluster));
    }

    [Fact]
    public void Explain_WhenIdentifierIsLongerThan255_ShouldSaySo()
    {
        Assert.Contains("more than the 255", SnapshotIdentifier.Explain("a" + new string('b', 255), DatabaseKind.Instance));
    }
}
