using System.Diagnostics.CodeAnalysis;

namespace LangfuseLifecycle.Functions.Handlers;

/// <summary>
/// Which capabilities' handlers this build of <c>bootstrap</c> serves. The Makefile publishes one executable per
/// capability (<c>-p:LifecycleCapability=Scaler|Migration</c>); the switches below are then constants for the AOT compiler,
/// so the other capability's handlers, AWS clients and models are not compiled in. Measured (docs/benchmarks.md): one
/// executable for all 13 functions doubled the binary and the start-up work that grows with its type count. Without the
/// property (tests, the CLI, the JIT build) every handler is served.
/// </summary>
internal static class BootstrapCapabilities
{
    private const string ScalerSwitch = "LangfuseLifecycle.Functions.Capabilities.Scaler";
    private const string MigrationSwitch = "LangfuseLifecycle.Functions.Capabilities.Migration";

    [FeatureSwitchDefinition(ScalerSwitch)]
    public static bool Scaler => IsOn(ScalerSwitch);

    [FeatureSwitchDefinition(MigrationSwitch)]
    public static bool Migration => IsOn(MigrationSwitch);

    private static bool IsOn(string name) => !AppContext.TryGetSwitch(name, out var on) || on;
}
