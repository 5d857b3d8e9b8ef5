namespace LangfuseLifecycle.Core.Migration;

/// <summary>The execution's final output.</summary>
public sealed record MigrationSummary(
    string Outcome,
    string ExecutionName,
    string SnapshotIdentifier,
    string DatabaseIdentifier,
    string VersionBefore,
    string VersionAfter,
    WebImage WebBefore,
    WebImage WebAfter,
    IReadOnlyList<PhaseTiming> Phases,
    string V2WebRecord);

/// <summary>The web's image before and after; the configuration itself stays out of the output (it holds v2 values).</summary>
public sealed record WebImage(string ImageIdentifier);

public sealed record PhaseTiming(string Phase, DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    public TimeSpan Duration => EndedAt - StartedAt;
}

public static class MigrationSummaryBuilder
{
    public const string Migrated = "Migrated";

    /// <summary>The phases in execution order; each ends when the next starts, the last when the report runs.</summary>
    public static readonly IReadOnlyList<string> PhaseOrder = ["preflight", "snapshot", "backend", "health", "webSwitch", "finish"];

    public static MigrationSummary Build(MigrationPlan plan, string executionName, string snapshotIdentifier,
        IReadOnlyDictionary<string, DateTimeOffset> phaseStarts, DateTimeOffset finishedAt)
    {
        var missing = PhaseOrder.Where(phase => !phaseStarts.ContainsKey(phase)).ToArray();
        if (missing.Length > 0)
        {
            throw new Exceptions.InvalidStepInputException($"phases: no start time for {string.Join(", ", missing)}; the report runs only after every phase started.");
        }

        var timings = PhaseOrder
            .Select((phase, index) => new PhaseTiming(
                phase,
                phaseStarts[phase],
                index + 1 < PhaseOrder.Count ? phaseStarts[PhaseOrder[index + 1]] : finishedAt))
            .ToArray();

        return new MigrationSummary(Migrated, executionName, snapshotIdentifier, plan.Database.Identifier,
            plan.CurrentVersion, plan.TargetVersion, new WebImage(plan.Web.V2ImageIdentifier), new WebImage(plan.Web.Changes.ImageIdentifier), timings,
            plan.Web.V2Record);
    }
}
