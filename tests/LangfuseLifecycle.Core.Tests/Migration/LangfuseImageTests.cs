using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

public class LangfuseImageTests
{
    [Theory]
    [InlineData("langfuse/langfuse:2.95.1", "langfuse/langfuse", "2.95.1")]
    [InlineData("ghcr.io/langfuse/langfuse:3.29.0", "ghcr.io/langfuse/langfuse", "3.29.0")]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:v3.12.1", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse", "3.12.1")]
    [InlineData("registry.local:5000/langfuse/langfuse:2.92.0", "registry.local:5000/langfuse/langfuse", "2.92.0")]
    [InlineData("public.ecr.aws/langfuse/langfuse:3.29.0-rc.1", "public.ecr.aws/langfuse/langfuse", "3.29.0")]
    [InlineData("langfuse/langfuse:3.29", "langfuse/langfuse", "3.29")]
    public void TryParse_WhenTagPinsAVersion_ShouldSplitRepositoryAndVersion(string reference, string repository, string version)
    {
        var parsed = LangfuseImage.TryParse(reference, out var image);

        Assert.True(parsed);
        Assert.Equal(repository, image.Repository);
        Assert.Equal(version, image.Version?.ToString());
        Assert.False(image.IsFloating);
    }

    [Theory]
    [InlineData("langfuse/langfuse:2")]
    [InlineData("langfuse/langfuse:3")]
    [InlineData("langfuse/langfuse:latest")]
    [InlineData("langfuse/langfuse@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("langfuse/langfuse:main")]
    public void TryParse_WhenReferenceCannotProveAVersion_ShouldBeFloating(string reference)
    {
        var parsed = LangfuseImage.TryParse(reference, out var image);

        Assert.True(parsed);
        Assert.True(image.IsFloating);
    }

    [Fact]
    public void TryParse_WhenTagAndDigestBothGiven_ShouldTakeTheVersionFromTheTag()
    {
        var parsed = LangfuseImage.TryParse("langfuse/langfuse:3.29.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", out var image);

        Assert.True(parsed);
        Assert.Equal("3.29.0", image.Version?.ToString());
        Assert.StartsWith("sha256:", image.Digest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("langfuse/langfuse")]
    [InlineData("langfuse/langfuse:")]
    [InlineData("langfuse /langfuse:3.29.0")]
    [InlineData("langfuse/langfuse@sha256:abc")]
    public void TryParse_WhenReferenceIsMalformed_ShouldFail(string reference)
    {
        Assert.False(LangfuseImage.TryParse(reference, out _));
    }

    [Fact]
    public void LooksLikeWorkerImage_WhenRepositoryIsTheWorker_ShouldBeTrue()
    {
        LangfuseImage.TryParse("langfuse/langfuse-worker:3.29.0", out var image);

        Assert.True(image.LooksLikeWorkerImage);
    }
}
