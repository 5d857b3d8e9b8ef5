namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class UnknownTimeZoneException : CostModelException
{
    public UnknownTimeZoneException(string field, string timeZone)
        : base(field, $"'{timeZone}' is not a known IANA time zone; use a name such as Asia/Tokyo or America/New_York.")
    {
        TimeZone = timeZone;
    }

    public string TimeZone { get; }
}
