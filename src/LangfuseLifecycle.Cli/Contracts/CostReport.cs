using LangfuseLifecycle.Core.Cost;

namespace LangfuseLifecycle.Cli.Contracts;

/// <summary><c>langfuse-lifecycle cost --output json</c>: what was priced, always on versus scheduled, and the seed talk's table beside it.</summary>
/// <param name="Source">"deployed" (read from ECS and EFS) or "flags".</param>
public sealed record CostReport(
    string Source,
    IReadOnlyList<string> Assumptions,
    CostComparison Comparison,
    IReadOnlyList<SeedComparisonRow> SeedReference);

/// <summary>One row of the seed talk's table: its figure and the calculator's for the configuration it describes.</summary>
public sealed record SeedComparisonRow(
    string Name,
    string Description,
    decimal ReferenceMonthlyUsd,
    bool ComparesScheduled,
    decimal AlwaysOnMonthlyUsd,
    decimal ScheduledMonthlyUsd);
