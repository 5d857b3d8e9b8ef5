namespace LangfuseLifecycle.Core.Cost.Prices;

/// <summary>How far a price can be trusted; printed beside every line so a reader knows which figures to confirm.</summary>
public enum PriceVerification
{
    /// <summary>S: seen in the cited source.</summary>
    Seen,

    /// <summary>U: from the public price list as remembered; confirm before relying on it.</summary>
    Unverified,

    /// <summary>A: a modelling assumption (e.g. the Fargate Spot discount, which floats).</summary>
    Assumption,
}
