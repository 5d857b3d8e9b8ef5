using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Tests.Http;

public sealed class AwsPaginatorTests
{
    private sealed record Page(string[] Items, string? Next);

    [Fact]
    public async Task ListAllAsync_WhenPagesCarryTokens_ShouldFollowThemToTheEnd()
    {
        // Arrange
        var pages = new Dictionary<string, Page>
        {
            [""] = new(["a", "b"], "t1"),
            ["t1"] = new(["c"], "t2"),
            ["t2"] = new([], null),
        };
        var tokensSeen = new List<string?>();

        // Act
        var all = await AwsPaginator.ListAllAsync<Page, string>(
            (token, _) =>
            {
                tokensSeen.Add(token);
                return Task.FromResult(pages[token ?? ""]);
            },
            page => page.Items,
            page => page.Next);

        // Assert
        Assert.Equal(["a", "b", "c"], all);
        Assert.Equal([null, "t1", "t2"], tokensSeen);
    }

    [Fact]
    public async Task ListAllAsync_WhenServiceRepeatsToken_ShouldStopWithError()
    {
        // Arrange
        static Task<Page> Fetch(string? token, CancellationToken cancellationToken) => Task.FromResult(new Page(["x"], "same"));

        // Act
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => AwsPaginator.ListAllAsync<Page, string>(Fetch, p => p.Items, p => p.Next));

        // Assert
        Assert.Contains("'same' twice", exception.Message);
    }

    [Fact]
    public async Task PaginateAsync_WhenCancelled_ShouldStopBeforeNextPage()
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        var calls = 0;

        // Act
        var exception = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in AwsPaginator.PaginateAsync<Page, string>(
                (token, ct) =>
                {
                    ct.ThrowIfCancellationRequested();
                    calls++;
                    cancellation.Cancel();
                    return Task.FromResult(new Page(["x"], "next" + calls));
                },
                p => p.Items,
                p => p.Next,
                cancellation.Token))
            {
            }
        });

        // Assert
        Assert.IsAssignableFrom<OperationCanceledException>(exception);
        Assert.Equal(1, calls);
    }
}

public sealed class AwsPaginatorClientTests
{
    [Fact]
    public async Task ListAllAsync_WhenEcsListTasksHasTwoPages_ShouldSendTokenAndCollectBothPages()
    {
        // Arrange
        var handler = new TestHelpers.RecordingHttpHandler()
            .Respond(System.Net.HttpStatusCode.OK, """{"taskArns":["t1","t2"],"nextToken":"page-2"}""")
            .Respond(System.Net.HttpStatusCode.OK, """{"taskArns":["t3"]}""");
        var client = new global::LangfuseLifecycle.Aws.ECS.AmazonECSClient(TestHelpers.TestConfigs.WithHandler(handler));

        // Act
        var arns = await AwsPaginator.ListAllAsync(
            (token, ct) => client.ListTasksAsync(new global::LangfuseLifecycle.Aws.ECS.Model.ListTasksRequest { Cluster = "langfuse", NextToken = token }, ct),
            page => page.TaskArns,
            page => page.NextToken);

        // Assert
        Assert.Equal(["t1", "t2", "t3"], arns);
        Assert.DoesNotContain("nextToken", handler.Requests[0].Body);
        Assert.Contains("\"nextToken\":\"page-2\"", handler.Requests[1].Body);
    }

    [Fact]
    public async Task ListAllAsync_WhenRdsDescribeUsesMarker_ShouldFollowMarkerToTheEnd()
    {
        // Arrange
        var handler = new TestHelpers.RecordingHttpHandler()
            .Respond(System.Net.HttpStatusCode.OK, "<R><DescribeDBClusterSnapshotsResult><Marker>m2</Marker><DBClusterSnapshots><DBClusterSnapshot><DBClusterSnapshotIdentifier>a</DBClusterSnapshotIdentifier></DBClusterSnapshot></DBClusterSnapshots></DescribeDBClusterSnapshotsResult></R>", "text/xml")
            .Respond(System.Net.HttpStatusCode.OK, "<R><DescribeDBClusterSnapshotsResult><DBClusterSnapshots><DBClusterSnapshot><DBClusterSnapshotIdentifier>b</DBClusterSnapshotIdentifier></DBClusterSnapshot></DBClusterSnapshots></DescribeDBClusterSnapshotsResult></R>", "text/xml");
        var client = new global::LangfuseLifecycle.Aws.RDS.AmazonRDSClient(TestHelpers.TestConfigs.WithHandler(handler));

        // Act
        var snapshots = await AwsPaginator.ListAllAsync(
            (marker, ct) => client.DescribeDBClusterSnapshotsAsync(new global::LangfuseLifecycle.Aws.RDS.Model.DescribeDBClusterSnapshotsRequest { DBClusterIdentifier = "langfuse", Marker = marker }, ct),
            page => page.DBClusterSnapshots,
            page => page.Marker);

        // Assert
        Assert.Equal(["a", "b"], snapshots.Select(s => s.DBClusterSnapshotIdentifier!));
        Assert.Contains("Marker=m2", handler.Requests[1].Body);
    }
}
