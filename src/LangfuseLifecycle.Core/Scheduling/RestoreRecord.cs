using System.Globalization;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>What a sleep saw before changing a service, so the next wake can restore it.
/// Stored as tags on the service itself, where it survives code and stack replacement and is visible in the console.</summary>
public sealed record RestoreRecord(int DesiredCount, CapacityRange? Capacity, DateTimeOffset RecordedAt)
{
    public const string DesiredCountTag = "langfuse-lifecycle:restore-desired-count";
    public const string MinCapacityTag = "langfuse-lifecycle:restore-min-capacity";
    public const string MaxCapacityTag = "langfuse-lifecycle:restore-max-capacity";
    public const string RecordedAtTag = "langfuse-lifecycle:restore-recorded-at";

    /// <summary>The target's SuspendedState before the sleep: "none", or a comma list of dynamic-in, dynamic-out, scheduled.</summary>
    public const string SuspendedTag = "langfuse-lifecycle:restore-suspended";

    private const string DynamicIn = "dynamic-in";
    private const string DynamicOut = "dynamic-out";
    private const string Scheduled = "scheduled";

    public static IReadOnlyList<string> AllTagKeys { get; } = [DesiredCountTag, MinCapacityTag, MaxCapacityTag, RecordedAtTag, SuspendedTag];

    /// <summary>Reads the record from service tags; null when absent or unreadable (a hand-edited tag must not crash a wake: it falls back to the default).</summary>
    public static RestoreRecord? FromTags(IReadOnlyDictionary<string, string> tags)
    {
        if (!tags.TryGetValue(DesiredCountTag, out var desiredText) || !TryParseCount(desiredText, out var desired))
        {
            return null;
        }

        CapacityRange? capacity = null;
        if (tags.TryGetValue(MinCapacityTag, out var minText) && tags.TryGetValue(MaxCapacityTag, out var maxText)
            && TryParseCount(minText, out var min) && TryParseCount(maxText, out var max) && min <= max)
        {
            // A record written before suspension was recorded: the sleep that wrote it suspended nothing.
            capacity = new CapacityRange(min, max, ParseSuspension(tags.GetValueOrDefault(SuspendedTag)));
        }

        var recordedAt = tags.TryGetValue(RecordedAtTag, out var atText)
            && DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : DateTimeOffset.MinValue;
        return new RestoreRecord(desired, capacity, recordedAt);
    }

    public IReadOnlyDictionary<string, string> ToTags()
    {
        var tags = new Dictionary<string, string>
        {
            [DesiredCountTag] = DesiredCount.ToString(CultureInfo.InvariantCulture),
            [RecordedAtTag] = RecordedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (Capacity is { } range)
        {
            tags[MinCapacityTag] = range.MinCapacity.ToString(CultureInfo.InvariantCulture);
            tags[MaxCapacityTag] = range.MaxCapacity.ToString(CultureInfo.InvariantCulture);
            tags[SuspendedTag] = FormatSuspension(range.Suspended);
        }

        return tags;
    }

    /// <summary>Tag keys present on the service that this record does not write (a capacity recorded earlier but gone now).</summary>
    public IReadOnlyList<string> StaleTagKeys(IReadOnlyDictionary<string, string> currentTags) =>
        Capacity is null ? [.. new[] { MinCapacityTag, MaxCapacityTag, SuspendedTag }.Where(currentTags.ContainsKey)] : [];

    private static string FormatSuspension(ScalingSuspension? suspended)
    {
        var parts = suspended is null
            ? []
            : new[] { (suspended.DynamicScalingInSuspended, DynamicIn), (suspended.DynamicScalingOutSuspended, DynamicOut), (suspended.ScheduledScalingSuspended, Scheduled) }
                .Where(part => part.Item1).Select(part => part.Item2).ToArray();
        return parts.Length == 0 ? "none" : string.Join(',', parts);
    }

    private static ScalingSuspension? ParseSuspension(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return ScalingSuspension.Of(parts.Contains(DynamicIn), parts.Contains(DynamicOut), parts.Contains(Scheduled));
    }

    private static bool TryParseCount(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0;
}
