namespace LangfuseLifecycle.Core.Migration.Exceptions;

/// <summary>Preflight found problems; nothing was changed. The message lists every problem with its field and fix.</summary>
/// <remarks>The class name is the Lambda error type that migration.asl.json matches in Retry/Catch.</remarks>
public sealed class PreflightFailedException : MigrationException
{
    public PreflightFailedException(IReadOnlyList<PreflightProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<PreflightProblem> Problems { get; }

    private static string Describe(IReadOnlyList<PreflightProblem> problems) =>
        $"Preflight found {problems.Count} problem(s), nothing was changed: "
        + string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"));
}
