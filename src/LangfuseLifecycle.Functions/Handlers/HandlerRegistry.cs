using LangfuseLifecycle.Functions.Handlers.Diagnostics;
using LangfuseLifecycle.Functions.Handlers.Migration;
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
    /// <summary>
    /// Every handler this <c>bootstrap</c> serves: <c>ping</c> always, then the capabilities it was built for
    /// (<see cref="BootstrapCapabilities"/>). Adding a function = one line here + one template entry + one Makefile line.
    /// Only factories are registered: the selected handler alone builds its clients and reads its configuration.
    /// </summary>
    public static HandlerRegistry Default { get; } = new(DefaultFactories());

    private static Dictionary<string, Func<IEnvironment, ILambdaHandler>> DefaultFactories()
    {
        var factories = new Dictionary<string, Func<IEnvironment, ILambdaHandler>>(StringComparer.Ordinal)
        {
            [PingHandler.HandlerName] = _ => new PingHandler(),
        };
        if (BootstrapCapabilities.Scaler)
        {
            factories[ScalerHandler.HandlerName] = ScalerHandler.Create;
        }

        if (BootstrapCapabilities.Migration)
        {
            // One function per step of statemachines/migration.asl.json.
            factories[MigrationPreflightHandler.HandlerName] = MigrationPreflightHandler.Create;
            factories[MigrationSnapshotHandler.HandlerName] = MigrationSnapshotHandler.Create;
            factories[MigrationSwitchWebHandler.HandlerName] = MigrationSwitchWebHandler.Create;
            factories[MigrationWebOperationStatusHandler.HandlerName] = MigrationWebOperationStatusHandler.Create;
            factories[MigrationProbeWebHandler.HandlerName] = MigrationProbeWebHandler.Create;
            factories[MigrationRollbackWebHandler.HandlerName] = MigrationRollbackWebHandler.Create;
            factories[MigrationWakeBackendHandler.HandlerName] = MigrationWakeBackendHandler.Create;
            factories[MigrationBackendStatusHandler.HandlerName] = MigrationBackendStatusHandler.Create;
            factories[MigrationProbeBackendHandler.HandlerName] = MigrationProbeBackendHandler.Create;
            factories[MigrationSleepBackendHandler.HandlerName] = MigrationSleepBackendHandler.Create;
            factories[MigrationEnableBackgroundMigrationsHandler.HandlerName] = MigrationEnableBackgroundMigrationsHandler.Create;
            factories[MigrationReportHandler.HandlerName] = MigrationReportHandler.Create;
        }

        return factories;
    }

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
