using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.DynamoDB;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Scheduling;

[Collection(MotoCollection.Name)]
public sealed class DynamoDbBackendLeaseIntegrationTests(MotoServerFixture moto)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TryAcquireAsync_WhenAnotherHolderHasAnUnexpiredLease_ShouldReturnThatHolder()
    {
        // Arrange
        var lease = await CreateLeaseAsync();
        var first = new LeaseHolder("wake", Start, "request-1", Start.AddMinutes(20));
        await lease.TryAcquireAsync("langfuse/clickhouse", first, CancellationToken.None);

        // Act
        var refused = await lease.TryAcquireAsync("langfuse/clickhouse", new LeaseHolder("sleep", Start.AddSeconds(1), "request-2", Start.AddMinutes(21)), CancellationToken.None);

        // Assert
        Assert.Equal(first, refused);
    }

    [Fact]
    public async Task TryAcquireAsync_WhenTheItemThatRefusesThePutIsItsOwn_ShouldHoldTheLease()
    {
        // Arrange: the first PutItem was applied but its answer was lost, so the AWS layer sends it again.
        var lease = await CreateLeaseAsync();
        var holder = new LeaseHolder("wake", Start, "request-1", Start.AddMinutes(20));
        await lease.TryAcquireAsync("langfuse/clickhouse", holder, CancellationToken.None);

        // Act
        var refused = await lease.TryAcquireAsync("langfuse/clickhouse", holder, CancellationToken.None);

        // Assert
        Assert.Null(refused);
    }

    [Fact]
    public async Task TryAcquireAsync_WhenLeaseReleasedOrExpiredOrOtherBackend_ShouldTakeIt()
    {
        // Arrange
        var lease = await CreateLeaseAsync();
        await lease.TryAcquireAsync("langfuse/clickhouse", new LeaseHolder("wake", Start, "request-1", Start.AddMinutes(20)), CancellationToken.None);

        // Act
        var otherBackend = await lease.TryAcquireAsync("other/clickhouse", new LeaseHolder("sleep", Start, "request-2", Start.AddMinutes(20)), CancellationToken.None);
        var afterExpiry = await lease.TryAcquireAsync("langfuse/clickhouse", new LeaseHolder("sleep", Start.AddMinutes(21), "request-3", Start.AddMinutes(41)), CancellationToken.None);
        await lease.ReleaseAsync("langfuse/clickhouse", "request-3", CancellationToken.None);
        var afterRelease = await lease.TryAcquireAsync("langfuse/clickhouse", new LeaseHolder("wake", Start.AddMinutes(22), "request-4", Start.AddMinutes(42)), CancellationToken.None);

        // Assert
        Assert.Null(otherBackend);
        Assert.Null(afterExpiry);
        Assert.Null(afterRelease);
    }

    [Fact]
    public async Task ReleaseAsync_WhenExpiredLeaseWasTakenOverByAnother_ShouldLeaveTheNewHolders()
    {
        // Arrange
        var lease = await CreateLeaseAsync();
        await lease.TryAcquireAsync("langfuse/clickhouse", new LeaseHolder("wake", Start, "request-1", Start.AddMinutes(20)), CancellationToken.None);
        var second = new LeaseHolder("sleep", Start.AddMinutes(25), "request-2", Start.AddMinutes(45));
        await lease.TryAcquireAsync("langfuse/clickhouse", second, CancellationToken.None);

        // Act: the crashed first holder's late release.
        await lease.ReleaseAsync("langfuse/clickhouse", "request-1", CancellationToken.None);
        var third = await lease.TryAcquireAsync("langfuse/clickhouse", new LeaseHolder("wake", Start.AddMinutes(26), "request-3", Start.AddMinutes(46)), CancellationToken.None);

        // Assert
        Assert.Equal(second, third);
    }

    private async Task<DynamoDbBackendLease> CreateLeaseAsync()
    {
        var table = MotoSeeder.UniqueName("langfuse-lifecycle-leases");
        await MotoSeeder.RunAsync(moto, $$"""
            ddb = client('dynamodb')
            ddb.create_table(TableName='{{table}}', BillingMode='PAY_PER_REQUEST',
                AttributeDefinitions=[{'AttributeName': 'BackendKey', 'AttributeType': 'S'}],
                KeySchema=[{'AttributeName': 'BackendKey', 'KeyType': 'HASH'}])
            print('{}')
            """);
        return new DynamoDbBackendLease(new AmazonDynamoDBClient(moto.Config), table);
    }
}
