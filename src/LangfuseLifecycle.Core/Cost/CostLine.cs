namespace LangfuseLifecycle.Core.Cost;

/// <summary>One priced item: quantity × unit price, with the price's verification mark (S/U/A) and source.</summary>
public sealed record CostLine(string Component, string Description, decimal Quantity, string QuantityUnit, decimal UnitPrice, decimal Amount, string VerificationMarks);
