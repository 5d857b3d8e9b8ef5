using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.SimpleNotificationService;
using LangfuseLifecycle.Aws.SimpleNotificationService.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.SimpleNotificationService;

[Collection(MotoCollection.Name)]
public sealed class AmazonSimpleNotificationServiceClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonSimpleNotificationServiceClient client = new(moto.Config);

    [Fact]
    public async Task PublishAsync_WhenTheTopicExists_ShouldReturnTheMessageId()
    {
        // Arrange
        var topic = MotoSeeder.UniqueName("notifications");
        await MotoSeeder.RunAsync(moto, $$"""
            client('sns').create_topic(Name='{{topic}}')
            print('{}')
            """);

        // Act
        var response = await client.PublishAsync(new PublishRequest
        {
            TopicArn = $"arn:aws:sns:us-east-1:123456789012:{topic}",
            Subject = "Langfuse Lifecycle test notification: stack",
            Message = "line one\nline two: ü & <tag>",
        });

        // Assert
        Assert.False(string.IsNullOrEmpty(response.MessageId));
    }

    [Fact]
    public async Task PublishAsync_WhenTheTopicDoesNotExist_ShouldThrowNotFound()
    {
        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.PublishAsync(new PublishRequest
        {
            TopicArn = "arn:aws:sns:us-east-1:123456789012:no-such-topic",
            Message = "hello",
        }));

        // Assert
        Assert.Equal("NotFound", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
    }
}
