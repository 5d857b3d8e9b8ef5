using LangfuseLifecycle.Aws.EventBridge;
using LangfuseLifecycle.Aws.EventBridge.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.EventBridge;

[Collection(MotoCollection.Name)]
public sealed class AmazonEventBridgeClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonEventBridgeClient client = new(moto.Config);

    [Fact]
    public async Task PutEventsAsync_WhenEntryIsValid_ShouldReturnAnEventIdAndNoFailures()
    {
        // Act
        var response = await client.PutEventsAsync(new PutEventsRequest
        {
            Entries =
            [
                new PutEventsRequestEntry
                {
                    Source = "langfuse.lifecycle",
                    DetailType = "Sleep Completed",
                    Detail = """{"service":"clickhouse","previousDesiredCount":1}""",
                    Time = new DateTime(2026, 11, 29, 19, 0, 0, DateTimeKind.Utc),
                },
            ],
        });

        // Assert
        Assert.Equal(0, response.FailedEntryCount);
        Assert.False(string.IsNullOrEmpty(Assert.Single(response.Entries!).EventId));
    }
}
