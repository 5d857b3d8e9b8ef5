using LangfuseLifecycle.Functions.Handlers.Diagnostics;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Runtime.Exceptions;

namespace LangfuseLifecycle.Functions.Handlers;

/// <summary>
/// Maps a function's <c>Handler</c> (the <c>_HANDLER</c> variable) to the factory that builds its <see cref="ILambdaHandler"/>.
/// The factory runs once per sandbox, during init: configuration errors thrown there become init errors.
/// </summary>
public sealed class HandlerRegistry
{
    /// <summary>Every handler the <c>bootstrap</c> executable serves. Adding a function = one line here + one template entry + one Makefile line.</summary>
    public static HandlerRegistry Default { get; } = new(new Dictionary<string, Func<IEnvironment, ILambdaHandler>>
    {
        [PingHandler.HandlerName] = _ => new PingHandler(),
        [ScalerHandler.HandlerName] = ScalerHandler.Create,
    });

    private readonly Dictionary<string, Func<IEnvironment, ILambdaHandler>> factories;

    public HandlerRegistry(IReadOnlyDictionary<string, Func<IEnvironment, ILambdaHandler>> factories)
    {
        this.factories = new Dictionary<string, Func<IEnvironment, ILambdaHandler>>(factories, StringComparer.Ordinal);
    }

    /// <summary>Handler names, sorted; the list an unknown-handler error shows.</summary>
    public IReadOnlyList<string> Names => [.. factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds the handler named <paramref name="handlerName"/>; an unknown name throws <see cref="UnknownHandlerException"/> naming the known ones.</summary>
    public ILambdaHandler Create(string? handlerName, IEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(handlerName))
        {
            throw new UnknownHandlerException(
                $"{RuntimeEnvironmentVariables.Handler} is empty. Set the function's Handler to one of: {string.Join(", ", Names)}.");
        }

        if (!factories.TryGetValue(handlerName, out var factory))
        {
            throw new UnknownHandlerException(
                $"Handler '{handlerName}' is not known to this bootstrap. Set the function's Handler to one of: {string.Join(", ", Names)}.");
        }

        return factory(environment);
    }
}
