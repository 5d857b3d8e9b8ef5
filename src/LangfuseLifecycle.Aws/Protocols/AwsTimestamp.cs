using System.Globalization;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>
/// Reading AWS timestamps, shared by the JSON converter and the XML reader: epoch seconds with a fraction (botocore's
/// <c>unixTimestamp</c>) or ISO 8601, which the query protocols and some emulators send.
/// </summary>
internal static class AwsTimestamp
{
    public static DateTime FromEpochSeconds(double seconds) =>
        DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>Epoch seconds or ISO 8601 (UTC unless the text names an offset), as a UTC <see cref="DateTime"/>.</summary>
    public static bool TryParse(string text, out DateTime value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = FromEpochSeconds(seconds);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }

        value = default;
        return false;
    }
}
