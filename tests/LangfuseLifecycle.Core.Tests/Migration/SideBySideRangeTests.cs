using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

public class SideBySideRangeTests
{
    [Theory]
    [InlineData("langfuse/langfuse:2.92.0")]
    [InlineData("langfuse/langfuse:2.95.1")]
    [InlineData("langfuse/langfuse:2.93")]
    public void CheckCurrentV2_WhenVersionIsInTheSideBySideRange_ShouldFindNoProblem(string image)
    {
        Assert.Empty(SideBySideRange.CheckCurrentV2(image, allowFloating: false));
    }

    [Fact]
    public void CheckCurrentV2_WhenOlderThan292_ShouldAskForAnUpgradeFirst()
    {
        var problem = Assert.Single(SideBySideRange.CheckCurrentV2("langfuse/langfuse:2.91.9", allowFloating: false));

        Assert.Equal("web.imageIdentifier", problem.Field);
        Assert.Contains("2.92.0", problem.Fix);
    }

    [Theory]
    [InlineData("langfuse/langfuse:3.0.0")]
    [InlineData("langfuse/langfuse:3.29.0")]
    public void CheckCurrentV2_WhenWebAlreadyRunsV3_ShouldSayThereIsNothingToMigrate(string image)
    {
        var problem = Assert.Single(SideBySideRange.CheckCurrentV2(image, allowFloating: false));

        Assert.Contains("already runs Langfuse 3", problem.Problem);
    }

    [Theory]
    [InlineData("langfuse/langfuse:2")]
    [InlineData("langfuse/langfuse:latest")]
    public void CheckCurrentV2_WhenTagFloats_ShouldRequireTheAllowFlag(string image)
    {
        var problem = Assert.Single(SideBySideRange.CheckCurrentV2(image, allowFloating: false));

        Assert.Contains("allowFloatingImageTag", problem.Fix);
        Assert.Empty(SideBySideRange.CheckCurrentV2(image, allowFloating: true));
    }

    [Theory]
    [InlineData("langfuse/langfuse:3.0.0")]
    [InlineData("langfuse/langfuse:3.29.0")]
    [InlineData("langfuse/langfuse:3.29.7")]
    [InlineData("langfuse/langfuse:3.29")]
    public void CheckTargetV3_WhenWithinSideBySideRange_ShouldFindNoProblem(string image)
    {
        Assert.Empty(SideBySideRange.CheckTargetV3(image, allowOutsideRange: false, allowFloating: false));
    }

    [Fact]
    public void CheckTargetV3_WhenNewerThan329_ShouldRequireAllowImageOutsideRange()
    {
        var problem = Assert.Single(SideBySideRange.CheckTargetV3("langfuse/langfuse:3.30.0", allowOutsideRange: false, allowFloating: false));

        Assert.Equal("v3WebImage", problem.Field);
        Assert.Contains("allowImageOutsideRange", problem.Fix);
        Assert.Empty(SideBySideRange.CheckTargetV3("langfuse/langfuse:3.30.0", allowOutsideRange: true, allowFloating: false));
    }

    [Theory]
    [InlineData("langfuse/langfuse:3")]
    [InlineData("langfuse/langfuse:latest")]
    [InlineData("langfuse/langfuse@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void CheckTargetV3_WhenTagFloats_ShouldRequireAllowFloatingImageTag(string image)
    {
        var problem = Assert.Single(SideBySideRange.CheckTargetV3(image, allowOutsideRange: true, allowFloating: false));

        Assert.Contains("allowFloatingImageTag", problem.Fix);
        Assert.Empty(SideBySideRange.CheckTargetV3(image, allowOutsideRange: false, allowFloating: true));
    }

    [Theory]
    [InlineData("langfuse/langfuse:2.95.1", "not v3")]
    [InlineData("langfuse/langfuse-worker:3.29.0", "worker image")]
    [InlineData("not an image", "not an image reference")]
    public void CheckTargetV3_WhenImageIsNotAV3Web_ShouldNameTheMistake(string image, string expected)
    {
        var problem = Assert.Single(SideBySideRange.CheckTargetV3(image, allowOutsideRange: true, allowFloating: true));

        Assert.Contains(expected, problem.Problem);
    }
}
