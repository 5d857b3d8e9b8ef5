namespace LangfuseLifecycle.Core.Cost;

public sealed record CostEstimate(IReadOnlyList<CostLine> Lines)
{
    /// <summary>Exact total; round only for display.</summary>
    public decimal Total => Lines.Sum(line => line.Amount);

    public decimal TotalRoundedToCents => Math.Round(Total, 2, MidpointRounding.AwayFromZero);
}
