using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Migration.Steps;

/// <summary>Wakes, checks and puts to sleep the v3 backend in the order the data needs.</summary>
public sealed class BackendStep(IMigrationBackend backend)
{
    /// <summary>Wakes one component and returns its state right after (usually not steady yet).</summary>
    public async Task<BackendComponentStatus> WakeAsync(BackendTarget target, BackendComponent component, bool backgroundMigrations, CancellationToken cancellationToken)
    {
        if (component == BackendComponent.ClickHouse)
        {
            await backend.WakeClickHouseAsync(target, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The worker writes into ClickHouse: starting it first loses traces (langfuse #6380).
            var clickHouse = await backend.GetStatusAsync(target, BackendComponent.ClickHouse, cancellationToken).ConfigureAwait(false);
            if (!clickHouse.Steady)
            {
                throw new Exceptions.BackendWakeFailedException($"The worker is started only after ClickHouse is steady; ClickHouse: {clickHouse.Detail}");
            }

            await backend.WakeWorkerAsync(target, backgroundMigrations, cancellationToken).ConfigureAwait(false);
        }

        return await backend.GetStatusAsync(target, component, cancellationToken).ConfigureAwait(false);
    }

    public Task<BackendComponentStatus> StatusAsync(BackendTarget target, BackendComponent component, CancellationToken cancellationToken) =>
        backend.GetStatusAsync(target, component, cancellationToken);

    public Task SleepAsync(BackendTarget target, CancellationToken cancellationToken) => backend.SleepAsync(target, cancellationToken);

    public Task EnableBackgroundMigrationsAsync(BackendTarget target, CancellationToken cancellationToken) =>
        backend.SetBackgroundMigrationsAsync(target, enabled: true, cancellationToken);
}
