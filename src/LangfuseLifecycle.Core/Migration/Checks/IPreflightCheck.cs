namespace LangfuseLifecycle.Core.Migration.Checks;

/// <summary>
/// A preflight check that needs AWS calls of its own beyond the observation (IAM simulation, in-VPC reachability).
/// Runs after <see cref="MigrationPreflight.Evaluate"/> once settings are valid and the web was found; returns problems, never throws for them.
/// </summary>
public interface IPreflightCheck
{
    Task<IReadOnlyList<PreflightProblem>> CheckAsync(MigrationSettings settings, MigrationObservation observed, CancellationToken cancellationToken);
}
