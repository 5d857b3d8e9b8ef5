using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>The first member name of a JSON object that a strict reader refuses: unknown (names are case-sensitive) or repeated.</summary>
public sealed record StrictJsonProblem(string Member, bool IsDuplicate, IReadOnlyList<string> KnownMembers)
{
    /// <summary>"is not a known member (did you mean 'dryRun'? names are case-sensitive)" or "appears more than once".</summary>
    public string Problem => IsDuplicate
        ? "appears more than once (a repeated key would silently take its last value)"
        : KnownMembers.FirstOrDefault(known => string.Equals(known, Member.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)) is { } meant
            ? $"is not a known member (did you mean '{meant}'? names are case-sensitive)"
            : "is not a known member";

    /// <summary>The known members, comma-separated, for the fix of a message.</summary>
    public string Known => string.Join(", ", KnownMembers);
}

/// <summary>
/// Refuses what System.Text.Json would silently accept in an event people type: a member name it does not know (a typo such
/// as <c>dryrun</c>, <c>dry_run</c>, <c>DryRun</c> — ignored, so a dry run would run for real) and a repeated key (last one wins).
/// Checked before deserialization so the message can name the member and list the known ones.
/// </summary>
public static class StrictJsonMembers
{
    /// <summary>The JSON names of <paramref name="typeInfo"/>'s members, as the serializer reads them.</summary>
    public static IReadOnlyList<string> Of(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return [.. typeInfo.Properties.Select(property => property.Name)];
    }

    /// <summary>
    /// The first unknown member of the top-level object, or the first key repeated in any object; null when there is none,
    /// or when <paramref name="json"/> is not an object or not JSON (the deserializer reports those with their position).
    /// </summary>
    public static StrictJsonProblem? FindProblem(ReadOnlySpan<byte> json, IReadOnlyList<string> knownMembers)
    {
        ArgumentNullException.ThrowIfNull(knownMembers);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var objects = new Stack<HashSet<string>>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            objects.Push(new HashSet<string>(StringComparer.Ordinal));
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (objects.Count == 1 && !knownMembers.Contains(name, StringComparer.Ordinal))
                        {
                            return new StrictJsonProblem(name, IsDuplicate: false, knownMembers);
                        }

                        if (!objects.Peek().Add(name))
                        {
                            return new StrictJsonProblem(name, IsDuplicate: true, knownMembers);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
