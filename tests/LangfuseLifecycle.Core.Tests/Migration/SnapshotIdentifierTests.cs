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
        var identifier = SnapshotIdentifier.ForExecution(executionName);

        Assert.Equal(expected, identifier);
        Assert.Null(SnapshotIdentifier.Explain(identifier));
    }

    [Fact]
    public void ForExecution_WhenNameIsLong_ShouldCapAt255WithoutTrailingHyphen()
    {
        var name = string.Concat(Enumerable.Repeat("abcdefghi-", 30));

        var identifier = SnapshotIdentifier.ForExecution(name);

        Assert.True(identifier.Length <= 255);
        Assert.Null(SnapshotIdentifier.Explain(identifier));
    }

    [Fact]
    public void ForExecution_WhenCalledTwiceForOneExecution_ShouldReturnTheSameIdentifier()
    {
        Assert.Equal(SnapshotIdentifier.ForExecution("run-7"), SnapshotIdentifier.ForExecution("run-7"));
    }

    [Fact]
    public void ForExecution_WhenGivenManyRandomStepFunctionsNames_ShouldAlwaysBeValid()
    {
        const string alphabet = "abcXYZ0189-_.~!$&'()*+,;=:@ ";
        var random = new Random(4242);
        for (var i = 0; i < 2000; i++)
        {
            var name = new string(Enumerable.Range(0, random.Next(1, 81)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

            var identifier = SnapshotIdentifier.ForExecution(name);

            Assert.True(SnapshotIdentifier.Explain(identifier) is null, $"'{name}' gave invalid '{identifier}'");
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
        Assert.Contains(expected, SnapshotIdentifier.Explain(identifier));
    }

    [Fact]
    public void Explain_WhenIdentifierIsLongerThan255_ShouldSaySo()
    {
        Assert.Contains("more than 255", SnapshotIdentifier.Explain("a" + new string('b', 255)));
    }
}
