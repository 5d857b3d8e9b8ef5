using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Migration.Steps;

/// <summary>Reads everything, changes nothing, and returns the plan or throws with every problem found.</summary>
public sealed class PreflightStep(IDatabaseSnapshots database, IWebService web, IMigrationBackend backend, IMigrationExecutions executions)
{
    /// <exception cref="PreflightFailedException">Settings or observed state block the migration.</exception>
    /// <exception cref="MigrationAlreadyRunningException">Another execution is running.</exception>
    public async Task<MigrationPlan> RunAsync(MigrationSettings settings, ExecutionIdentity execution, CancellationToken cancellationToken)
    {
        // Malformed settings never reach AWS: an empty identifier or a non-ARN would only produce confusing API errors.
        var settingsProblems = MigrationPreflight.CheckSettings(settings);
        if (settingsProblems.Count > 0)
        {
            throw new PreflightFailedException(settingsProblems);
        }

        var running = await executions.ListRunningExecutionArnsAsync(execution.StateMachineArn, cancellationToken).ConfigureAwait(false);
        var others = running.Where(arn => arn != execution.ExecutionArn).ToArray();
        if (others.Length > 0)
        {
            throw new MigrationAlreadyRunningException(
                $"Another migration is running ({string.Join(", ", others)}); this execution changed nothing. Wait for it to finish or stop it, then start again.");
        }

        var observation = await ObserveAsync(settings, cancellationToken).ConfigureAwait(false);
        var outcome = MigrationPreflight.Evaluate(settings, execution, observation with { OtherRunningExecutions = others });
        return outcome.Plan ?? throw new PreflightFailedException(outcome.Problems);
    }

    private async Task<MigrationObservation> ObserveAsync(MigrationSettings settings, CancellationToken cancellationToken)
    {
        var databaseTask = database.DescribeDatabaseAsync(settings.DatabaseIdentifier!, cancellationToken);
        var webTask = web.DescribeAsync(settings.WebServiceArn!, cancellationToken);
        var connectorTask = web.DescribeVpcConnectorAsync(settings.VpcConnectorArn!, cancellationToken);
        var clickHouseTask = backend.DescribeServiceAsync(settings.EcsCluster!, settings.ClickHouseService!, cancellationToken);
        var workerTask = backend.DescribeServiceAsync(settings.EcsCluster!, settings.WorkerService!, cancellationToken);
        var fileSystemTask = backend.DescribeFileSystemAsync(settings.ClickHouseFileSystemId!, cancellationToken);
        await Task.WhenAll(databaseTask, webTask, connectorTask, clickHouseTask, workerTask, fileSystemTask).ConfigureAwait(false);

        var clickHouse = await clickHouseTask.ConfigureAwait(false);
        var fileSystem = await fileSystemTask.ConfigureAwait(false);
        if (fileSystem is { IsOneZone: true } && clickHouse is not null)
        {
            // Pinnable means: the service already lists a subnet in the file system's AZ (the mount target's subnet counts).
            fileSystem = fileSystem with { SubnetIdsInZone = fileSystem.SubnetIdsInZone.Intersect(clickHouse.SubnetIds).ToArray() };
        }

        return new MigrationObservation
        {
            Database = await databaseTask.ConfigureAwait(false),
            Web = await webTask.ConfigureAwait(false),
            VpcConnector = await connectorTask.ConfigureAwait(false),
            ClickHouseService = clickHouse,
            WorkerService = await workerTask.ConfigureAwait(false),
            FileSystem = fileSystem,
        };
    }
}
