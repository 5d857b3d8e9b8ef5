using LangfuseLifecycle.Core.Migration.Checks;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Migration.Steps;

/// <summary>Reads everything, changes nothing, and returns the plan or throws with every problem found.</summary>
/// <param name="checks">Checks with AWS calls of their own (IAM simulation, in-VPC reachability); their problems join the rules'.</param>
public sealed class PreflightStep(IDatabaseSnapshots database, IWebService web, IMigrationBackendObserver backend, IMigrationExecutions executions,
    IReadOnlyList<IPreflightCheck>? checks = null)
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
        var extra = await RunChecksAsync(settings, observation, cancellationToken).ConfigureAwait(false);
        if (outcome.Plan is { } plan && extra.Count == 0)
        {
            return plan;
        }

        throw new PreflightFailedException(outcome.Problems.Concat(extra).Distinct().ToArray());
    }

    private async Task<IReadOnlyList<PreflightProblem>> RunChecksAsync(MigrationSettings settings, MigrationObservation observation, CancellationToken cancellationToken)
    {
        if (checks is not { Count: > 0 } || observation.Web is null)
        {
            return [];
        }

        var results = await Task.WhenAll(checks.Select(check => check.CheckAsync(settings, observation, cancellationToken))).ConfigureAwait(false);
        return results.SelectMany(problems => problems).ToArray();
    }

    private async Task<MigrationObservation> ObserveAsync(MigrationSettings settings, CancellationToken cancellationToken)
    {
        var databaseTask = database.DescribeDatabaseAsync(settings.DatabaseIdentifier!, cancellationToken);
        var webTask = web.DescribeAsync(settings.WebServiceArn!, cancellationToken);
        var backendTask = backend.ObserveAsync(settings.EcsCluster!, settings.ClickHouseService!, settings.WorkerService!, settings.ClickHouseFileSystemId!, cancellationToken);
        await Task.WhenAll(databaseTask, webTask, backendTask).ConfigureAwait(false);

        var observedBackend = await backendTask.ConfigureAwait(false);
        return new MigrationObservation
        {
            Database = await databaseTask.ConfigureAwait(false),
            Web = await webTask.ConfigureAwait(false),
            ClickHouseService = observedBackend.ClickHouseService,
            WorkerService = observedBackend.WorkerService,
            FileSystem = observedBackend.FileSystem,
        };
    }
}
