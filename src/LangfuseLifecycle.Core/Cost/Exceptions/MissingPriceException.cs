namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class MissingPriceException : CostModelException
{
    public MissingPriceException(string field, string region, string priceItem)
        : base(field, $"the price table has no '{priceItem}' for {region}; add it to Cost/Prices/prices.tsv with its source, or leave {field} at its default.")
    {
        Region = region;
        PriceItem = priceItem;
    }

    public string Region { get; }

    public string PriceItem { get; }
}
