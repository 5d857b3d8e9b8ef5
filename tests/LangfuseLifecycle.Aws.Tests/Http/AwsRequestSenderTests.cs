using LangfuseLifecycle.Testing;
using System.Net;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Protocols;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.Http;

public sealed class AwsRequestSenderTests
{
    private const string Ok = """{"services":[],"failures":[]}""";

    private static AwsHttpRequest EcsRequest() =>
        AwsJsonProtocol.BuildRequest(AwsServices.Ecs, "DescribeServices", new global::LangfuseLifecycle.Aws.ECS.Model.DescribeServicesRequest { Services = ["clickhouse"] }, EcsJsonContext.Default.EcsDescribeServicesRequest);

    [Fact]
    public async Task SendAsync_WhenThrottledOnce_ShouldRetryAfterJitteredDelayAndSucceed()
    {
        // Arrange
        var handler = new RecordingHttpHandler()
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            .Respond(HttpStatusCode.OK, Ok);
        var time = new TestClock { AdvanceToEachTimer = true };
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler, time), AwsServices.Ecs);

        // Act
        var response = await sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None);

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(100)], time.RequestedDelays);
    }

    [Fact]
    public async Task SendAsync_WhenValidationError_ShouldThrowWithoutRetrying()
    {
        // Arrange
        var handler = new RecordingHttpHandler()
            .Respond(HttpStatusCode.BadRequest, """{"__type":"com.amazon.coral.validate#ValidationException","message":"desiredCount must be >= 0"}""", headers: ("x-amzn-RequestId", "req-1"));
        var time = new TestClock { AdvanceToEachTimer = true };
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler, time), AwsServices.Ecs);

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None));

        // Assert
        Assert.Single(handler.Requests);
        Assert.Empty(time.RequestedDelays);
        Assert.True(exception.IsValidation);
        Assert.False(exception.IsThrottling);
        Assert.Equal("ValidationException", exception.ErrorCode);
        Assert.Equal("desiredCount must be >= 0", exception.ErrorMessage);
        Assert.Equal("req-1", exception.RequestId);
        Assert.Equal(400, exception.StatusCode);
    }

    [Fact]
    public async Task SendAsync_WhenServerErrorPersists_ShouldStopAfterMaxAttemptsWithExponentialDelays()
    {
        // Arrange
        var handler = new RecordingHttpHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.Respond(HttpStatusCode.InternalServerError, """{"__type":"ServerException","message":"boom"}""");
        }

        var time = new TestClock { AdvanceToEachTimer = true };
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler, time), AwsServices.Ecs);

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None));

        // Assert
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)], time.RequestedDelays);
        Assert.Equal("ServerException", exception.ErrorCode);
        Assert.True(exception.IsRetryable);
    }

    [Fact]
    public async Task SendAsync_WhenConnectionRefusedEveryTime_ShouldRetryThenThrowAwsConnectionException()
    {
        // Arrange
        var handler = new RecordingHttpHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.Fail(new HttpRequestException("Connection refused (127.0.0.1:1)"));
        }

        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler), AwsServices.Ecs);

        // Act
        var exception = await Assert.ThrowsAsync<AwsConnectionException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None));

        // Assert
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(4, exception.Attempts);
        Assert.Contains("Connection refused", exception.Message);
    }

    [Fact]
    public async Task SendAsync_WhenCancelledDuringBackoff_ShouldStopRetrying()
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        var handler = new RecordingHttpHandler().RespondWith(_ =>
            new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("""{"__type":"ThrottlingException"}""") });
        // Cancelled once the backoff timer exists (never fired: the fake clock does not move), not after a wall-clock 50 ms that
        // a loaded machine could spend before the backoff starts.
        var time = new TestClock { TimerCreated = _ => Task.Run(cancellation.Cancel) };
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler, time), AwsServices.Ecs);

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, cancellation.Token));

        // Assert
        Assert.Single(handler.Requests);
        Assert.Equal(1, time.TimersCreated);
    }

    [Fact]
    public async Task SendAsync_WhenAlreadyCancelled_ShouldNotSendAnything()
    {
        // Arrange
        var handler = new RecordingHttpHandler().Respond(HttpStatusCode.OK, Ok);
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler), AwsServices.Ecs);

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, new CancellationToken(canceled: true)));

        // Assert
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SendAsync_WhenForbiddenErrorBodyIsHtml_ShouldThrowResponseFormatExceptionWithoutRetrying()
    {
        // Arrange
        var handler = new RecordingHttpHandler()
            .Respond(HttpStatusCode.Forbidden, "<html><body>403 Forbidden</body></html>", "text/html");
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler), AwsServices.Ecs);

        // Act
        var exception = await Assert.ThrowsAsync<AwsResponseFormatException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None));

        // Assert
        Assert.Single(handler.Requests);
        Assert.Equal(403, exception.StatusCode);
        Assert.Contains("not the JSON error format", exception.Message);
        Assert.Contains("403 Forbidden", exception.Message);
    }

    [Fact]
    public async Task SendAsync_WhenOneHtml502ThenSuccess_ShouldRetryAndSucceed()
    {
        // Arrange
        var handler = new RecordingHttpHandler()
            .Respond(HttpStatusCode.BadGateway, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
            .Respond(HttpStatusCode.OK, Ok);
        var time = new TestClock { AdvanceToEachTimer = true };
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler, time), AwsServices.Ecs);

        // Act
        var response = await sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None);

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(time.RequestedDelays);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task SendAsync_WhenHtmlErrorPersists_ShouldThrowRetryableServiceExceptionWithStatusAndExcerptAfterAllAttempts(HttpStatusCode status)
    {
        // Arrange
        var handler = new RecordingHttpHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.Respond(status, "<html><body>Service Temporarily Unavailable</body></html>", "text/html");
        }

        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler), AwsServices.Ecs);

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None));

        // Assert
        Assert.Equal(4, handler.Requests.Count);
        Assert.True(exception.IsRetryable);
        Assert.Equal((int)status, exception.StatusCode);
        Assert.Contains("text/html", exception.Message);
        Assert.Contains("Service Temporarily Unavailable", exception.Message);
    }

    [Fact]
    public async Task SendAsync_WhenBodyIsCutOffEveryTime_ShouldThrowConnectionExceptionAfterBoundedAttempts()
    {
        // Arrange
        var handler = new RecordingHttpHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.RespondWith(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new TruncatedContent() });
        }

        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler), AwsServices.Ecs);

        // Act
        var exception = await Assert.ThrowsAsync<AwsConnectionException>(() => sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None));

        // Assert
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(4, exception.Attempts);
        Assert.Contains("cut off", exception.Message);
    }

    [Fact]
    public async Task SendAsync_WhenSent_ShouldSignWithDateTokenAndAuthorizationHeaders()
    {
        // Arrange
        var handler = new RecordingHttpHandler().Respond(HttpStatusCode.OK, Ok);
        var sender = new AwsRequestSender(TestConfigs.WithHandler(handler), AwsServices.Ecs);

        // Act
        await sender.SendAsync(EcsRequest(), JsonErrorReader.Instance, CancellationToken.None);

        // Assert
        var request = handler.Requests.Single();
        Assert.Equal(new Uri("https://ecs.eu-west-1.amazonaws.com/"), request.Uri);
        Assert.Equal("20261129T023000Z", request.Header("x-amz-date"));
        Assert.Equal("session-token-example", request.Header("x-amz-security-token"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-west-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=", request.Header("Authorization"));
    }

    [Fact]
    public void DelayBefore_WhenAttemptsGrow_ShouldDoubleUpToMaxDelay()
    {
        // Arrange
        var policy = new AwsRetryPolicy { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), NextJitter = () => 1.0 };

        // Act
        var delays = Enumerable.Range(2, 5).Select(policy.DelayBefore).ToArray();

        // Assert
        Assert.Equal([1, 2, 4, 5, 5], delays.Select(d => d.TotalSeconds).ToArray());
    }

    private sealed class TruncatedContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("{\"services\":["u8.ToArray());
            throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
