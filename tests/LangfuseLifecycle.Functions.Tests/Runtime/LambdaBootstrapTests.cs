using System.Net;
using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Functions.Handlers.Diagnostics;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Functions.Tests.Runtime;

public sealed class LambdaBootstrapTests
{
    private static readonly DateTimeOffset FarDeadline = DateTimeOffset.UtcNow.AddMinutes(10);

    private static Dictionary<string, Func<IEnvironment, ILambdaHandler>> Handlers(string name, ILambdaHandler handler) =>
        new() { [name] = _ => handler };

    [Fact]
    public async Task RunAsync_WhenHandlerSucceeds_ShouldPostItsBytesAsResponse()
    {
        // Arrange
        await using var run = BootstrapRun.Start("echo", Handlers("echo", DelegateHandler.Echo()));

        // Act
        var posted = await run.Api.Enqueue("req-1", "{\"hello\":\"world\"}", FarDeadline).Within();

        // Assert
        Assert.Equal(PostedResultKind.Response, posted.Kind);
        Assert.Equal("{\"hello\":\"world\"}", posted.BodyText);
        Assert.Equal("application/json", posted.ContentType);
    }

    [Fact]
    public async Task RunAsync_WhenInvoked_ShouldGiveHandlerRequestIdDeadlineArnAndBoundLogger()
    {
        // Arrange
        InvocationContext? seen = null;
        var handler = new DelegateHandler((_, context, _) =>
        {
            seen = context;
            context.Logger.Info("inside handler", "test-action");
            return Task.FromResult(DelegateHandler.Utf8("{}"));
        });
        await using var run = BootstrapRun.Start("ctx", Handlers("ctx", handler));
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());

        // Act
        await run.Api.Enqueue("req-ctx", "{}", deadline, invokedFunctionArn: "arn:aws:lambda:eu-west-1:111122223333:function:f:live").Within();

        // Assert
        Assert.NotNull(seen);
        Assert.Equal("req-ctx", seen.RequestId);
        Assert.Equal(deadline, seen.Deadline);
        Assert.Equal("arn:aws:lambda:eu-west-1:111122223333:function:f:live", seen.InvokedFunctionArn);
        var line = run.LogText.Split('\n').Single(l => l.Contains("inside handler", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("req-ctx", json.RootElement.GetProperty("request_id").GetString());
        Assert.Equal("ctx", json.RootElement.GetProperty("handler").GetString());
        Assert.True(json.RootElement.GetProperty("cold_start").GetBoolean());
        Assert.Equal("test-action", json.RootElement.GetProperty("action").GetString());
    }

    [Fact]
    public async Task RunAsync_WhenHandlerThrows_ShouldPostExceptionClassNameAsErrorTypeAndKeepServing()
    {
        // Arrange
        var calls = 0;
        var handler = new DelegateHandler((_, _, _) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new ScalingTargetUnavailableTestException("service web has no scalable target")
                : Task.FromResult(DelegateHandler.Utf8("{\"ok\":true}")));
        await using var run = BootstrapRun.Start("flaky", Handlers("flaky", handler));

        // Act
        var failed = await run.Api.Enqueue("req-fail", "{}", FarDeadline).Within();
        var succeeded = await run.Api.Enqueue("req-ok", "{}", FarDeadline).Within();

        // Assert
        Assert.Equal(PostedResultKind.Error, failed.Kind);
        Assert.Equal(nameof(ScalingTargetUnavailableTestException), failed.ErrorTypeHeader);
        using var body = JsonDocument.Parse(failed.Body);
        Assert.Equal(nameof(ScalingTargetUnavailableTestException), body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("service web has no scalable target", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.Equal(PostedResultKind.Response, succeeded.Kind);
        Assert.Equal("{\"ok\":true}", succeeded.BodyText);
        Assert.False(run.Exit.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_WhenHandlerThrowsSynchronously_ShouldStillReportTheError()
    {
        // Arrange
        var handler = new DelegateHandler((_, _, _) => throw new InvalidOperationException("thrown before any await"));
        await using var run = BootstrapRun.Start("sync", Handlers("sync", handler));

        // Act
        var posted = await run.Api.Enqueue("req-sync", "{}", FarDeadline).Within();

        // Assert
        Assert.Equal(PostedResultKind.Error, posted.Kind);
        Assert.Equal(nameof(InvalidOperationException), posted.ErrorTypeHeader);
    }

    [Fact]
    public async Task RunAsync_WhenEventIsMalformedJson_ShouldReportInvalidEventExceptionNamingThePosition()
    {
        // Arrange
        await using var run = BootstrapRun.Start(PingHandler.HandlerName, Handlers(PingHandler.HandlerName, new PingHandler()));

        // Act
        var posted = await run.Api.Enqueue("req-bad", "{\"message\": 42}", FarDeadline).Within();

        // Assert
        Assert.Equal("InvalidEventException", posted.ErrorTypeHeader);
        using var body = JsonDocument.Parse(posted.Body);
        var message = body.RootElement.GetProperty("errorMessage").GetString()!;
        Assert.Contains("PingRequest", message, StringComparison.Ordinal);
        Assert.Contains("$.message", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenHandlerIsUnknown_ShouldPostInitErrorNamingKnownHandlersAndExitNonZero()
    {
        // Arrange
        await using var run = BootstrapRun.Start("scalar", new Dictionary<string, Func<IEnvironment, ILambdaHandler>>
        {
            ["scaler"] = _ => DelegateHandler.Echo(),
            ["ping"] = _ => DelegateHandler.Echo(),
        });

        // Act
        var initError = await run.Api.InitError.Within();
        var exitCode = await run.Exit.Within();

        // Assert
        Assert.Equal("UnknownHandlerException", initError.ErrorTypeHeader);
        using var body = JsonDocument.Parse(initError.Body);
        Assert.Equal("UnknownHandlerException", body.RootElement.GetProperty("errorType").GetString());
        var message = body.RootElement.GetProperty("errorMessage").GetString()!;
        Assert.Contains("'scalar'", message, StringComparison.Ordinal);
        Assert.Contains("ping, scaler", message, StringComparison.Ordinal);
        Assert.Equal(LambdaBootstrap.ExitCodeInitError, exitCode);
        Assert.Equal(0, run.Api.NextRequestCount);
    }

    [Fact]
    public async Task RunAsync_WhenHandlerFactoryThrows_ShouldPostInitErrorWithTheExceptionTypeAndExitNonZero()
    {
        // Arrange
        await using var run = BootstrapRun.Start("scaler", new Dictionary<string, Func<IEnvironment, ILambdaHandler>>
        {
            ["scaler"] = _ => throw new ArgumentException("SCALER_CLUSTER is not set; set it to the ECS cluster name."),
        });

        // Act
        var initError = await run.Api.InitError.Within();
        var exitCode = await run.Exit.Within();

        // Assert
        Assert.Equal(nameof(ArgumentException), initError.ErrorTypeHeader);
        Assert.Contains("SCALER_CLUSTER", initError.BodyText, StringComparison.Ordinal);
        Assert.Equal(LambdaBootstrap.ExitCodeInitError, exitCode);
    }

    [Fact]
    public async Task RunAsync_WhenRuntimeApiVariableIsMissing_ShouldExitWithInitErrorCode()
    {
        // Arrange
        await using var run = BootstrapRun.Start("echo", Handlers("echo", DelegateHandler.Echo()), runtimeApiOverride: "");

        // Act
        var exitCode = await run.Exit.Within();

        // Assert
        Assert.Equal(LambdaBootstrap.ExitCodeInitError, exitCode);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", run.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenDeadlineApproaches_ShouldCancelHandlerTokenAndReportHandlerDeadlineExceeded()
    {
        // Arrange: the bootstrap's timers run on a fake clock that starts on a whole millisecond (the deadline header's unit).
        var clock = new TestClock(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenCancelledAt = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateHandler(async (_, _, cancellationToken) =>
        {
            await using var registration = cancellationToken.Register(() => tokenCancelledAt.TrySetResult(clock.GetUtcNow()));
            handlerStarted.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return [];
        });
        var options = new LambdaBootstrapOptions { CancellationMargin = TimeSpan.FromMilliseconds(1000), ReportingReserve = TimeSpan.FromMilliseconds(200) };
        await using var run = BootstrapRun.Start("slow", Handlers("slow", handler), options, time: clock);
        var deadline = clock.GetUtcNow().AddMilliseconds(1500);

        // Act: 500 ms pass, which leaves exactly the cancellation margin.
        var posting = run.Api.Enqueue("req-slow", "{}", deadline);
        await handlerStarted.Task.WaitAsync(Waits.Result);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var posted = await posting.Within();
        var cancelledAt = await tokenCancelledAt.Task.Within();

        // Assert
        Assert.Equal(PostedResultKind.Error, posted.Kind);
        Assert.Equal("HandlerDeadlineExceededException", posted.ErrorTypeHeader);
        Assert.Contains("Timeout", JsonDocument.Parse(posted.Body).RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(deadline - options.CancellationMargin, cancelledAt);
        Assert.False(run.Exit.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_WhenHandlerIgnoresCancellation_ShouldReportDeadlineBeforeItAndExit()
    {
        // Arrange
        var clock = new TestClock(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateHandler((_, _, _) =>
        {
            handlerStarted.TrySetResult();
            return release.Task;
        });
        var options = new LambdaBootstrapOptions { CancellationMargin = TimeSpan.FromMilliseconds(1000), ReportingReserve = TimeSpan.FromMilliseconds(500) };
        await using var run = BootstrapRun.Start("stuck", Handlers("stuck", handler), options, time: clock);
        var deadline = clock.GetUtcNow().AddMilliseconds(1500);

        // Act: 1000 ms pass: the token fired at 500 and was ignored; 500 ms before the deadline the runtime gives up.
        var posting = run.Api.Enqueue("req-stuck", "{}", deadline);
        await handlerStarted.Task.WaitAsync(Waits.Result);
        clock.Advance(TimeSpan.FromMilliseconds(1000));
        var posted = await posting.Within();
        var exitCode = await run.Exit.Within();
        release.SetResult([]);

        // Assert
        Assert.Equal("HandlerDeadlineExceededException", posted.ErrorTypeHeader);
        Assert.Equal(LambdaBootstrap.ExitCodeHandlerAbandoned, exitCode);
    }

    [Fact]
    public async Task RunAsync_WhenTraceIdGiven_ShouldExportItAndClearItForAnEventWithout()
    {
        // Arrange
        var seen = new List<string?>();
        IEnvironment? environment = null;
        await using var run = BootstrapRun.Start("trace", new Dictionary<string, Func<IEnvironment, ILambdaHandler>>
        {
            ["trace"] = env =>
            {
                environment = env;
                return new DelegateHandler((_, _, _) =>
                {
                    seen.Add(environment.GetVariable("_X_AMZN_TRACE_ID"));
                    return Task.FromResult(DelegateHandler.Utf8("{}"));
                });
            },
        });
        const string traceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

        // Act
        await run.Api.Enqueue("req-traced", "{}", FarDeadline, traceId).Within();
        await run.Api.Enqueue("req-untraced", "{}", FarDeadline).Within();

        // Assert
        Assert.Equal([traceId, null], seen);
    }

    [Fact]
    public async Task RunAsync_WhenNextIsAnsweredLate_ShouldWaitWithoutClientTimeout()
    {
        // Arrange
        await using var run = BootstrapRun.Start("echo", Handlers("echo", DelegateHandler.Echo()));
        using var client = new RuntimeApiClient(run.Api.Address);

        // Act
        var posted = await run.Api.Enqueue("req-late", "{\"late\":1}", FarDeadline, holdBeforeAnswering: TimeSpan.FromSeconds(3)).Within();

        // Assert
        Assert.Equal(Timeout.InfiniteTimeSpan, client.RequestTimeout);
        Assert.Equal(PostedResultKind.Response, posted.Kind);
        Assert.Equal("{\"late\":1}", posted.BodyText);
    }

    [Fact]
    public async Task RunAsync_WhenResponseIsRejected_ShouldReportTheRejectionAsTheInvocationError()
    {
        // Arrange
        await using var run = BootstrapRun.Start("echo", Handlers("echo", DelegateHandler.Echo()));
        run.Api.ResponseStatus = HttpStatusCode.RequestEntityTooLarge;

        // Act
        var posted = await run.Api.Enqueue("req-big", "{\"big\":true}", FarDeadline).Within();

        // Assert
        Assert.Equal(PostedResultKind.Error, posted.Kind);
        Assert.Equal("RuntimeApiException", posted.ErrorTypeHeader);
        Assert.Contains("413", posted.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenNextAnswers500_ShouldExitWithRuntimeApiFailure()
    {
        // Arrange
        var api = new FakeRuntimeApi { NextFailureStatus = HttpStatusCode.InternalServerError };
        await using var _ = api;
        var environment = new FakeEnvironment(new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["_HANDLER"] = "echo",
        });
        using var log = new MemoryStream();

        // Act
        var exitCode = await LambdaBootstrap.RunAsync(
            new Functions.Handlers.HandlerRegistry(Handlers("echo", DelegateHandler.Echo())),
            environment,
            TimeProvider.System,
            log).WaitAsync(Waits.Result);

        // Assert
        Assert.Equal(LambdaBootstrap.ExitCodeRuntimeApiFailure, exitCode);
        Assert.Contains("\"level\":\"FATAL\"", Encoding.UTF8.GetString(log.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenSecondInvocationArrives_ShouldLogItAsWarm()
    {
        // Arrange
        var handler = new DelegateHandler((_, context, _) =>
        {
            context.Logger.Info("served");
            return Task.FromResult(DelegateHandler.Utf8("{}"));
        });
        await using var run = BootstrapRun.Start("warm", Handlers("warm", handler));

        // Act
        await run.Api.Enqueue("req-a", "{}", FarDeadline).Within();
        await run.Api.Enqueue("req-b", "{}", FarDeadline).Within();

        // Assert
        var served = run.LogText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("message").GetString() == "served")
            .Select(e => (e.GetProperty("request_id").GetString(), e.GetProperty("cold_start").GetBoolean()))
            .ToList();
        Assert.Equal([("req-a", true), ("req-b", false)], served);
    }

    [Fact]
    public async Task RunAsync_WhenDeadlineHeaderIsAbsurdlyFar_ShouldStillServeTheEvent()
    {
        // Arrange
        await using var run = BootstrapRun.Start("echo", Handlers("echo", DelegateHandler.Echo()));

        // Act
        var posted = await run.Api.Enqueue("req-far", "{}", DateTimeOffset.MaxValue).Within();

        // Assert
        Assert.Equal(PostedResultKind.Response, posted.Kind);
    }
}
