using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// Renders an EventBridge input transformer as EventBridge does for a text target: each InputPathsMap path (dot notation and
/// array indices) is read from the event, string values are inserted without escaping (EventBridge does not escape), other
/// values as their JSON; a path the event lacks gives an empty value. The template is one JSON string per line; the text an
/// SNS subscriber reads is those strings joined by newlines, so a line that is no longer a valid JSON string fails here.
/// </summary>
internal static partial class InputTransformerRenderer
{
    public static string Render(JsonNode inputTransformer, JsonNode eventJson)
    {
        var paths = inputTransformer["InputPathsMap"]!.AsObject();
        var template = inputTransformer["InputTemplate"]!.GetValue<string>();
        var values = paths.ToDictionary(pair => pair.Key, pair => Read(eventJson, pair.Value!.GetValue<string>()));
        var filled = Placeholder().Replace(template, match =>
            values.TryGetValue(match.Groups[1].Value, out var value) ? value : throw new InvalidOperationException($"placeholder <{match.Groups[1].Value}> is not in InputPathsMap"));
        var lines = filled.Split('\n').Select(line => JsonNode.Parse(line) is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new InvalidOperationException($"line is not a JSON string: {line}"));
        return string.Join('\n', lines);
    }

    private static string Read(JsonNode root, string path)
    {
        Assert.StartsWith("$.", path, StringComparison.Ordinal);
        JsonNode? node = root;
        foreach (var segment in path[2..].Split('.'))
        {
            var match = Segment().Match(segment);
            node = node is JsonObject obj ? obj[match.Groups[1].Value] : null;
            if (match.Groups[2].Success)
            {
                var index = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                node = node is JsonArray array && index < array.Count ? array[index] : null;
            }

            if (node is null)
            {
                return string.Empty;
            }
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node.ToJsonString();
    }

    [GeneratedRegex("<([A-Za-z0-9_.-]+)>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^([^\[]+)(?:\[(\d+)\])?$")]
    private static partial Regex Segment();
}
