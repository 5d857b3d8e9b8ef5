namespace LangfuseLifecycle.Core.Cost.Prices;

public sealed record PriceEntry(
    string Region,
    string Item,
    decimal Value,
    string Unit,
    PriceVerification Verification,
    string Source,
    string SourceDate)
{
    public string VerificationMark => Verification switch
    {
        PriceVerification.Seen => "S",
        PriceVerification.Unverified => "U",
        _ => "A",
    };
}
