using System.Collections.Concurrent;
using LangfuseLifecycle.Emulation.Lambda;
using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>A function as the template deploys it: its name, its <c>Handler</c> (a <see cref="HandlerRegistry"/> name),
/// its timeout and the environment Lambda gives it.</summary>
public sealed record LocalLambdaFunction(string FunctionName, string Handler, TimeSpan Timeout, IReadOnlyDictionary<string, string> Environment)
{
    public string FunctionArn => $"arn:aws:lambda:{MotoLangfuseEnvironment.Region}:123456789012:function:{FunctionName}";
}

/// <summary>
/// Runs functions in process for the <see cref="LambdaInvokeEmulator"/>, the way the bootstrap runs them in Lambda:
/// the handler is built once per function (the sandbox's init) from its own environment, each invocation gets a
/// deadline from the function's timeout, and an exception (at init or invocation) is reported as the runtime reports
/// it, <see cref="RuntimeError"/>'s <c>{"errorType": class name, "errorMessage", "stackTrace"}</c>.
/// </summary>
public sealed class LocalLambdaFunctions(HandlerRegistry registry, IEnumerable<LocalLambdaFunction> functions, TextWriter? log = null)
{
    private readonly Dictionary<string, LocalLambdaFunction> functions = functions.ToDictionary(function => function.FunctionName, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<ILambdaHandler>> sandboxes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LocalLambdaFunction> Functions => functions.Values;

    /// <summary>The emulator's delegate: <c>null</c> for an unknown function (the API's 404).</summary>
    public async Task<LambdaInvocationResult?> InvokeAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        if (!functions.TryGetValue(invocation.ShortFunctionName, out var function))
        {
            return null;
        }

        using var logStream = new MemoryStream();
        try
        {
            var handler = sandboxes.GetOrAdd(function.FunctionName, _ => new Lazy<ILambdaHandler>(() => registry.Create(function.Handler, new DictionaryEnvironment(function.Environment)))).Value;
            var deadline = DateTimeOffset.UtcNow + function.Timeout;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(function.Timeout);
            var context = new InvocationContext(Guid.NewGuid().ToString(), deadline, function.FunctionArn, null, new LambdaLogger(logStream, function.Handler, TimeProvider.System));
            var result = await handler.HandleAsync(invocation.Payload, context, timeout.Token).ConfigureAwait(false);
            return LambdaInvocationResult.Success(result);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return LambdaInvocationResult.Unhandled(RuntimeError.FromException(exception).ToJsonBytes());
        }
        finally
        {
            if (log is not null && logStream.Length > 0)
            {
                lock (log)
                {
                    log.Write(System.Text.Encoding.UTF8.GetString(logStream.ToArray()));
                }
            }
        }
    }
}
