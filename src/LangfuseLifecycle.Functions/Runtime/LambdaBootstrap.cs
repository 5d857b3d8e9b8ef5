using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Runtime.Exceptions;

namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>
/// The custom-runtime loop: init (resolve <c>_HANDLER</c>, build the handler), then for ever <c>/next</c> → handler →
/// <c>/response</c> or <c>/error</c>. Talks to Lambda only through <see cref="IRuntimeApiClient"/>, to the process only
/// through <see cref="IEnvironment"/> and <see cref="TimeProvider"/>.
/// </summary>
public sealed class LambdaBootstrap
{
    /// <summary>The loop was stopped by its caller (tests); Lambda never stops it this way.</summary>
    public const int ExitCodeStopped = 0;

    /// <summary>Init failed and was reported to <c>/runtime/init/error</c> (or could not be, e.g. no <c>AWS_LAMBDA_RUNTIME_API</c>).</summary>
    public const int ExitCodeInitError = 1;

    /// <summary>The Runtime API failed or answered 5xx: Lambda documents that state as non-recoverable.</summary>
    public const int ExitCodeRuntimeApiFailure = 2;

    /// <summary>A handler ignored its cancelled token past the deadline; its error was reported and the process exits so it cannot overlap the next event.</summary>
    public const int ExitCodeHandlerAbandoned = 3;

    private static readonly TimeSpan MaximumInvocationBudget = TimeSpan.FromHours(1);

    private readonly IRuntimeApiClient client;
    private readonly ILambdaHandler handler;
    private readonly LambdaLogger logger;
    private readonly IEnvironment environment;
    private readonly TimeProvider timeProvider;
    private readonly LambdaBootstrapOptions options;

    public LambdaBootstrap(
        IRuntimeApiClient client,
        ILambdaHandler handler,
        LambdaLogger logger,
        IEnvironment environment,
        TimeProvider timeProvider,
        LambdaBootstrapOptions? options = null)
    {
        this.client = client;
        this.handler = handler;
        this.logger = logger;
        this.environment = environment;
        this.timeProvider = timeProvider;
        this.options = options ?? new LambdaBootstrapOptions();
        if (this.options.ReportingReserve >= this.options.CancellationMargin)
        {
            throw new ArgumentException("ReportingReserve must be smaller than CancellationMargin.", nameof(options));
        }
    }

    /// <summary>
    /// Process entry: reads <c>AWS_LAMBDA_RUNTIME_API</c> and <c>_HANDLER</c>, builds the handler from <paramref name="registry"/>,
    /// reports an init failure to <c>/runtime/init/error</c>, then serves events until <paramref name="stop"/> or a fatal error.
    /// Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(
        HandlerRegistry registry,
        IEnvironment environment,
        TimeProvider timeProvider,
        Stream logOutput,
        LambdaBootstrapOptions? options = null,
        CancellationToken stop = default)
    {
        var initStarted = timeProvider.GetTimestamp();
        var handlerName = environment.GetVariable(RuntimeEnvironmentVariables.Handler)?.Trim() ?? string.Empty;
        var logger = new LambdaLogger(
            logOutput,
            handlerName,
            timeProvider,
            LambdaLogger.ParseLevel(environment.GetVariable(RuntimeEnvironmentVariables.LogLevel)));

        var runtimeApi = environment.GetVariable(RuntimeEnvironmentVariables.RuntimeApi);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            logger.Log(
                LogLevel.Fatal,
                $"{RuntimeEnvironmentVariables.RuntimeApi} is not set: this executable is a Lambda custom runtime and must be started by Lambda (or a Runtime API emulator).",
                "init",
                exception: null);
            return ExitCodeInitError;
        }

        using var client = new RuntimeApiClient(runtimeApi);
        ILambdaHandler handler;
        try
        {
            handler = registry.Create(handlerName, environment);
        }
        catch (Exception exception)
        {
            logger.Log(LogLevel.Fatal, $"Init failed for handler '{handlerName}': {exception.Message}", "init", exception);
            try
            {
                await client.PostInitErrorAsync(RuntimeError.FromException(exception), stop).ConfigureAwait(false);
            }
            catch (Exception postException) when (postException is HttpRequestException or RuntimeApiException or OperationCanceledException)
            {
                logger.Log(LogLevel.Fatal, "Could not report the init error to the Runtime API.", "init", postException);
            }

            return ExitCodeInitError;
        }

        logger.Info(
            "Bootstrap initialized.",
            "init",
            new LogField("init_ms", timeProvider.GetElapsedTime(initStarted).TotalMilliseconds));
        var bootstrap = new LambdaBootstrap(client, handler, logger, environment, timeProvider, options);
        return await bootstrap.RunInvocationsAsync(stop).ConfigureAwait(false);
    }

    /// <summary>Serves events until <paramref name="stop"/> is cancelled or a fatal error; returns the exit code.</summary>
    public async Task<int> RunInvocationsAsync(CancellationToken stop)
    {
        var coldStart = true;
        while (!stop.IsCancellationRequested)
        {
            InvocationRequest invocation;
            try
            {
                invocation = await client.GetNextInvocationAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodeStopped;
            }
            catch (Exception exception) when (exception is HttpRequestException or RuntimeApiException)
            {
                logger.Log(LogLevel.Fatal, "Could not fetch the next invocation; exiting so Lambda restarts the runtime.", "next", exception);
                return ExitCodeRuntimeApiFailure;
            }

            var exitCode = await ProcessAsync(invocation, coldStart, stop).ConfigureAwait(false);
            coldStart = false;
            if (exitCode is not null)
            {
                return exitCode.Value;
            }
        }

        return ExitCodeStopped;
    }

    /// <returns><c>null</c> to keep serving, otherwise the exit code.</returns>
    private async Task<int?> ProcessAsync(InvocationRequest invocation, bool coldStart, CancellationToken stop)
    {
        // Set or clear: a stale trace id from the previous event must not leak into this one.
        environment.SetVariable(RuntimeEnvironmentVariables.TraceId, invocation.TraceId);
        var invocationLogger = logger.ForInvocation(invocation.RequestId, coldStart);
        var started = timeProvider.GetTimestamp();
        // Lambda's longest timeout is 15 minutes; clamping to an hour keeps a corrupt deadline header from overflowing the timers below.
        var remaining = Clamp(invocation.Deadline - timeProvider.GetUtcNow(), TimeSpan.Zero, MaximumInvocationBudget);
        using var deadline = new CancellationTokenSource(NonNegative(remaining - options.CancellationMargin), timeProvider);
        var context = new InvocationContext(invocation.RequestId, invocation.Deadline, invocation.InvokedFunctionArn, invocation.TraceId, invocationLogger);

        invocationLogger.Debug("Invocation started.", "invoke", new LogField("remaining_ms", remaining.TotalMilliseconds));

        Task<byte[]> handlerTask;
        try
        {
            handlerTask = handler.HandleAsync(invocation.Payload, context, deadline.Token);
        }
        catch (Exception exception)
        {
            handlerTask = Task.FromException<byte[]>(exception);
        }

        byte[] result;
        try
        {
            // A handler outside nullable analysis may still return null: Lambda then gets an empty body.
            result = await handlerTask.WaitAsync(NonNegative(remaining - options.ReportingReserve), timeProvider, CancellationToken.None)
                .ConfigureAwait(false) ?? [];
        }
        catch (TimeoutException) when (!handlerTask.IsCompleted)
        {
            var abandoned = new HandlerDeadlineExceededException(
                $"Handler '{logger.Handler}' ignored cancellation and was still running {options.ReportingReserve.TotalMilliseconds:0} ms before the invocation deadline; the runtime exits so it cannot overlap the next invocation.");
            invocationLogger.Error("Handler did not stop at its deadline; reporting and exiting.", abandoned, "invoke");
            var reported = await TryPostErrorAsync(invocation.RequestId, abandoned, invocationLogger, stop).ConfigureAwait(false);
            return reported ?? ExitCodeHandlerAbandoned;
        }
        catch (OperationCanceledException canceled) when (deadline.IsCancellationRequested)
        {
            var exceeded = new HandlerDeadlineExceededException(
                $"Handler '{logger.Handler}' stopped at its deadline: it had {remaining.TotalMilliseconds:0} ms and is cancelled {options.CancellationMargin.TotalMilliseconds:0} ms before Lambda's timeout. Raise the function's Timeout or make the work smaller.",
                canceled);
            invocationLogger.Error("Invocation exceeded its deadline.", exceeded, "invoke", Elapsed(started));
            return await TryPostErrorAsync(invocation.RequestId, exceeded, invocationLogger, stop).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            invocationLogger.Error("Invocation failed.", exception, "invoke", Elapsed(started));
            return await TryPostErrorAsync(invocation.RequestId, exception, invocationLogger, stop).ConfigureAwait(false);
        }

        try
        {
            await client.PostResponseAsync(invocation.RequestId, result, stop).ConfigureAwait(false);
            invocationLogger.Debug("Invocation succeeded.", "invoke", Elapsed(started), new LogField("response_bytes", result.Length));
            return null;
        }
        catch (RuntimeApiException rejected) when (!rejected.IsFatal)
        {
            // e.g. 413: the response is larger than Lambda accepts. The invocation must still end with an error, not hang.
            invocationLogger.Error("The Runtime API rejected the response.", rejected, "invoke", new LogField("response_bytes", result.Length));
            return await TryPostErrorAsync(invocation.RequestId, rejected, invocationLogger, stop).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or RuntimeApiException)
        {
            invocationLogger.Log(LogLevel.Fatal, "Could not post the response; exiting so Lambda restarts the runtime.", "invoke", exception);
            return ExitCodeRuntimeApiFailure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodeStopped;
        }
    }

    private async Task<int?> TryPostErrorAsync(string requestId, Exception exception, LambdaLogger invocationLogger, CancellationToken stop)
    {
        try
        {
            await client.PostErrorAsync(requestId, RuntimeError.FromException(exception), stop).ConfigureAwait(false);
            return null;
        }
        catch (RuntimeApiException rejected) when (!rejected.IsFatal)
        {
            invocationLogger.Error("The Runtime API rejected the error report.", rejected, "invoke");
            return null;
        }
        catch (Exception postException) when (postException is HttpRequestException or RuntimeApiException)
        {
            invocationLogger.Log(LogLevel.Fatal, "Could not post the error; exiting so Lambda restarts the runtime.", "invoke", postException);
            return ExitCodeRuntimeApiFailure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodeStopped;
        }
    }

    private LogField Elapsed(long started) => new("duration_ms", timeProvider.GetElapsedTime(started).TotalMilliseconds);

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan minimum, TimeSpan maximum) =>
        value < minimum ? minimum : value > maximum ? maximum : value;
}
