using LangfuseLifecycle.Aws.Lambda;

namespace LangfuseLifecycle.Aws.Tests.Lambda;

public sealed class LambdaFunctionArnTests
{
    [Theory]
    [InlineData("arn:aws:lambda:ap-northeast-1:123456789012:function:scaler:live", "arn:aws:lambda:ap-northeast-1:123456789012:function:scaler")]
    [InlineData("arn:aws:lambda:ap-northeast-1:123456789012:function:scaler:7", "arn:aws:lambda:ap-northeast-1:123456789012:function:scaler")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:scaler", "arn:aws-cn:lambda:cn-north-1:123456789012:function:scaler")]
    [InlineData("scaler", "scaler")]
    public void Unqualified_WhenGivenAnArn_ShouldDropOnlyTheVersionOrAlias(string arn, string expected)
    {
        // Act
        var unqualified = LambdaFunctionArn.Unqualified(arn);

        // Assert
        Assert.Equal(expected, unqualified);
    }
}
