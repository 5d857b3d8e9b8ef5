using System.Globalization;
using System.Text;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>"Scheduled sleeps are skipped until <see cref="Until"/>." Stored as tags on the ClickHouse service:
/// durable across code and stack updates, read by the DescribeServices call a sleep makes anyway (no extra call, no extra permission),
/// and visible beside the service it protects. An expired override is harmless and is cleared by the next sleep.</summary>
public sealed record KeepAwakeOverride(DateTimeOffset Until, string? Reason)
{
    public const string UntilTag = "langfuse-lifecycle:keep-awake-until";
    public const string ReasonTag = "langfuse-lifecycle:keep-awake-reason";
    private const int MaxTagValueLength = 256;

    public static IReadOnlyList<string> AllTagKeys { get; } = [UntilTag, ReasonTag];

    public bool IsActiveAt(DateTimeOffset now) => now < Until;

    public static KeepAwakeOverride? FromTags(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(UntilTag, out var untilText)
        && DateTimeOffset.TryParse(untilText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until)
            ? new KeepAwakeOverride(until, tags.GetValueOrDefault(ReasonTag))
            : null;

    public IReadOnlyDictionary<string, string> ToTags()
    {
        var tags = new Dictionary<string, string> { [UntilTag] = Until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(Reason))
        {
            tags[ReasonTag] = ToTagValue(Reason);
        }

        return tags;
    }

    /// <summary>Tag values accept letters, digits, white space and + - = . _ : / @ only.</summary>
    public static string ToTagValue(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxTagValueLength));
        foreach (var character in text)
        {
            if (builder.Length == MaxTagValueLength)
            {
                break;
            }

            builder.Append(char.IsLetterOrDigit(character) || character is ' ' or '+' or '-' or '=' or '.' or '_' or ':' or '/' or '@' ? character : ' ');
        }

        return builder.ToString().Trim();
    }
}
