namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class PriceTableFormatException : CostModelException
{
    public PriceTableFormatException(int lineNumber, string message)
        : base($"prices.tsv line {lineNumber}", message)
    {
        LineNumber = lineNumber;
    }

    public int LineNumber { get; }
}
