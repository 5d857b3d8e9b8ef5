namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class UnknownRegionException : CostModelException
{
    public UnknownRegionException(string field, string region, IEnumerable<string> knownRegions)
        : base(field, $"region '{region}' is not in the price table; use one of: {string.Join(", ", knownRegions)}, or add its prices to Cost/Prices/prices.tsv.")
    {
        Region = region;
    }

    public string Region { get; }
}
