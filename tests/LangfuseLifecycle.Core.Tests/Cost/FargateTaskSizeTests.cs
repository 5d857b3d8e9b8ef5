using LangfuseLifecycle.Core.Cost;
using LangfuseLifecycle.Core.Cost.Exceptions;

namespace LangfuseLifecycle.Core.Tests.Cost;

public class FargateTaskSizeTests
{
    [Theory]
    [InlineData(0.25, 0.5)]
    [InlineData(0.25, 2)]
    [InlineData(0.5, 4)]
    [InlineData(1, 2)]
    [InlineData(1, 8)]
    [InlineData(2, 16)]
    [InlineData(4, 30)]
    [InlineData(8, 60)]
    [InlineData(16, 120)]
    public void Validate_WhenFargateOffersTheSize_ShouldAccept(double vcpu, double memoryGb)
    {
        // Arrange
        var size = new FargateTaskSize((decimal)vcpu, (decimal)memoryGb);

        // Act
        var error = Record.Exception(() => size.Validate("ClickHouse.TaskSize"));

        // Assert
        Assert.Null(error);
    }

    [Theory]
    [InlineData(1, 16, "with 1 vCPU choose memory in 2-8 GB")]
    [InlineData(0.25, 1.5, "0.5, 1, 2 GB")]
    [InlineData(8, 18, "16-60 GB in 4 GB steps")]
    [InlineData(3, 8, "3 vCPU is not a Fargate task size")]
    [InlineData(2, 2, "4-16 GB")]
    public void Validate_WhenFargateDoesNotOfferTheSize_ShouldThrowNamingFieldAndValidSizes(double vcpu, double memoryGb, string hint)
    {
        // Arrange
        var size = new FargateTaskSize((decimal)vcpu, (decimal)memoryGb);

        // Act
        var error = Assert.Throws<InvalidTaskSizeException>(() => size.Validate("Worker.TaskSize"));

        // Assert
        Assert.Equal("Worker.TaskSize", error.Field);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }
}
