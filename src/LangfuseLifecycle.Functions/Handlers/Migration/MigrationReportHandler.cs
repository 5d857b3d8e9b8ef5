using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

/// <summary><c>migration-report</c>: the execution's final output (snapshot, web before/after, phase times, outcome).</summary>
public sealed class MigrationReportHandler()
    : JsonLambdaHandler<ReportEvent, MigrationSummary>(MigrationJsonContext.Default.ReportEvent, MigrationJsonContext.Default.MigrationSummary)
{
    public const string HandlerName = "migration-report";

    public static MigrationReportHandler Create(IEnvironment environment) => new();

    public override Task<MigrationSummary> HandleEventAsync(ReportEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var starts = input.Phases.ToDictionary(phase => phase.Key, phase => phase.Value.StartedAt, StringComparer.Ordinal);
        var summary = MigrationSummaryBuilder.Build(input.Plan, input.Execution.Name, input.Snapshot.Identifier, starts, input.FinishedAt);
        context.Logger.Info($"Migrated {summary.VersionBefore} → {summary.VersionAfter}; snapshot {summary.SnapshotIdentifier} kept.", "report");
        return Task.FromResult(summary);
    }
}
