namespace LangfuseLifecycle.Core.Cost;

/// <summary>The same configuration always on versus sleeping on the schedule, for one month.</summary>
public sealed record CostComparison(
    string Region,
    int Year,
    int Month,
    decimal MonthHours,
    decimal AwakeHours,
    CostEstimate AlwaysOn,
    CostEstimate Scheduled)
{
    public decimal MonthlySavings => AlwaysOn.Total - Scheduled.Total;
}
