using LangfuseLifecycle.Aws.Exceptions;

namespace LangfuseLifecycle.Aws.Tests.Exceptions;

public sealed class AwsServiceExceptionTests
{
    [Theory]
    [InlineData("ThrottlingException", 400)]
    [InlineData("Throttling", 400)]
    [InlineData("TooManyRequestsException", 400)]
    [InlineData("RequestLimitExceeded", 503)]
    [InlineData("SomethingNew", 429)]
    public void IsThrottling_WhenCodeOrStatusSaysSlowDown_ShouldBeTrueAndRetryable(string code, int status)
    {
        // Arrange
        var exception = new AwsServiceException("ECS", "UpdateService", code, "slow down", status, "r");

        // Act / Assert
        Assert.True(exception.IsThrottling);
        Assert.True(exception.IsRetryable);
        Assert.False(exception.IsValidation);
    }

    [Theory]
    [InlineData("ServiceNotFoundException", 400, "Service not found.")]
    [InlineData("DBClusterNotFoundFault", 404, "DBCluster x not found.")]
    [InlineData("FileSystemNotFound", 404, "no")]
    [InlineData("ResourceNotFoundException", 400, "no")]
    [InlineData("InvalidSubnetID.NotFound", 400, "no")]
    [InlineData("ValidationError", 400, "Stack with id x does not exist")]
    public void IsNotFound_WhenResourceIsMissing_ShouldBeTrueAndNotRetryable(string code, int status, string message)
    {
        // Arrange
        var exception = new AwsServiceException("X", "Op", code, message, status, null);

        // Act / Assert
        Assert.True(exception.IsNotFound);
        Assert.False(exception.IsValidation);
        Assert.False(exception.IsRetryable);
    }

    [Theory]
    [InlineData("ValidationException")]
    [InlineData("InvalidParameterException")]
    [InlineData("InvalidParameterValue")]
    [InlineData("InvalidParameterCombination")]
    [InlineData("ValidationError")]
    public void IsValidation_WhenRequestIsWrong_ShouldBeTrueAndNotRetryable(string code)
    {
        // Arrange
        var exception = new AwsServiceException("X", "Op", code, "bad value for desiredCount", 400, null);

        // Act / Assert
        Assert.True(exception.IsValidation);
        Assert.False(exception.IsRetryable);
        Assert.False(exception.IsThrottling);
    }

    [Fact]
    public void IsRetryable_WhenLimitExceeded_ShouldBeFalseBecauseItIsAQuota()
    {
        // Arrange
        var exception = new AwsServiceException("ECS", "TagResource", "LimitExceededException", "too many tags", 400, null);

        // Act / Assert
        Assert.False(exception.IsRetryable);
        Assert.False(exception.IsThrottling);
    }

    [Fact]
    public void Message_WhenCreated_ShouldNameServiceOperationCodeStatusAndRequestId()
    {
        // Arrange
        var exception = new AwsServiceException("ECS", "UpdateService", "AccessDeniedException", "not allowed", 400, "req-9");

        // Act
        var message = exception.Message;

        // Assert
        Assert.Equal("ECS UpdateService failed with AccessDeniedException (HTTP 400, request id req-9): not allowed", message);
    }
}
