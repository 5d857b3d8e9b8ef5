using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// Resolves what CloudFormation resolves before creating resources: parameter values (defaults unless overridden),
/// conditions, Fn::If, Ref to parameters, and Fn::Join/Select/Split over values known before deployment (with a Fn::Sub of
/// parameters only as the string Fn::Split cuts). Everything else (GetAtt, Sub, Ref to resources) is left as written.
/// </summary>
internal sealed partial class TemplateEvaluator
{
    private readonly JsonObject template;
    private readonly Dictionary<string, JsonNode?> parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> conditions = new(StringComparer.Ordinal);

    public TemplateEvaluator(JsonObject template, IReadOnlyDictionary<string, string>? overrides = null)
    {
        this.template = template;
        foreach (var (name, definition) in template["Parameters"]?.AsObject() ?? [])
        {
            var type = definition!["Type"]!.GetValue<string>();
            var raw = overrides is not null && overrides.TryGetValue(name, out var overridden)
                ? overridden
                : definition["Default"]?.ToString();
            parameters[name] = raw is null
                ? null
                : type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
                    // As CloudFormation splits them: an empty value is [""], and "a,,b" keeps its empty member.
                    ? new JsonArray(raw.Split(',').Select(item => (JsonNode)JsonValue.Create(item)).ToArray())
                    : JsonValue.Create(raw);
        }

        foreach (var (name, _) in template["Conditions"]?.AsObject() ?? [])
        {
            conditions[name] = Condition(name);
        }
    }

    public bool Condition(string name)
    {
        if (conditions.TryGetValue(name, out var known))
        {
            return known;
        }

        var value = EvaluateCondition(template["Conditions"]![name]!);
        conditions[name] = value;
        return value;
    }

    public JsonObject Resource(string logicalId) => template["Resources"]![logicalId]!.AsObject();

    public IEnumerable<(string LogicalId, JsonObject Resource)> Resources(string type) =>
        template["Resources"]!.AsObject()
            .Where(pair => pair.Value!["Type"]!.GetValue<string>() == type)
            .Select(pair => (pair.Key, pair.Value!.AsObject()));

    /// <summary>A resolved copy of <paramref name="node"/>.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && obj.ContainsKey("Fn::If"):
                var branches = obj["Fn::If"]!.AsArray();
                return Resolve(Condition(branches[0]!.GetValue<string>()) ? branches[1] : branches[2]);
            case JsonObject obj when obj.Count == 1 && obj["Fn::Join"] is JsonArray join
                && Resolve(join[1]) is JsonArray parts && parts.All(part => part is JsonValue):
                return JsonValue.Create(string.Join(join[0]!.GetValue<string>(), parts.Select(part => part!.ToString())));
            case JsonObject obj when obj.Count == 1 && obj["Fn::Split"] is JsonArray split
                && ResolveString(split[1]) is { } source:
                return new JsonArray(source.Split(split[0]!.GetValue<string>()).Select(part => (JsonNode)JsonValue.Create(part)).ToArray());
            case JsonObject obj when obj.Count == 1 && obj["Fn::Select"] is JsonArray select
                && Resolve(select[0]) is JsonValue index && Resolve(select[1]) is JsonArray items:
                return items[int.Parse(index.ToString(), CultureInfo.InvariantCulture)]?.DeepClone();
            case JsonObject obj when obj.Count == 1 && obj["Ref"] is JsonValue reference
                && parameters.TryGetValue(reference.GetValue<string>(), out var value):
                return value?.DeepClone();
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    var resolved = Resolve(child);
                    if (IsNoValue(resolved))
                    {
                        continue;
                    }

                    copy[key] = resolved;
                }

                return copy;
            case JsonArray array:
                // As in CloudFormation, an item that resolves to AWS::NoValue is removed from the list.
                return new JsonArray(array.Select(Resolve).Where(item => !IsNoValue(item)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsNoValue(JsonNode? node) => node is JsonObject { Count: 1 } obj && obj["Ref"] is JsonValue reference && reference.ToString() == "AWS::NoValue";

    /// <summary>The string <paramref name="node"/> stands for, when parameters alone decide it; otherwise null.</summary>
    private string? ResolveString(JsonNode? node)
    {
        if (node is JsonObject { Count: 1 } obj && obj["Fn::Sub"] is JsonValue sub)
        {
            var text = sub.GetValue<string>();
            var variables = SubVariable().Matches(text).Select(match => match.Groups[1].Value).Distinct().ToList();
            if (!variables.All(name => parameters.GetValueOrDefault(name) is JsonValue))
            {
                return null;
            }

            return SubVariable().Replace(text, match => parameters[match.Groups[1].Value]!.ToString());
        }

        return Resolve(node) is JsonValue value && value.TryGetValue<string>(out var resolved) ? resolved : null;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex SubVariable();

    public JsonObject ResolvedProperties(string logicalId) => Resolve(Resource(logicalId)["Properties"])!.AsObject();

    /// <summary>The AssertDescription of every Rules assertion that fails for these parameter values.</summary>
    public IReadOnlyList<string> FailedRuleAssertions()
    {
        var failed = new List<string>();
        foreach (var (_, rule) in template["Rules"]?.AsObject() ?? [])
        {
            if (rule!["RuleCondition"] is { } ruleCondition && !EvaluateCondition(ruleCondition))
            {
                continue;
            }

            failed.AddRange(rule["Assertions"]!.AsArray()
                .Where(assertion => !EvaluateCondition(assertion!["Assert"]!))
                .Select(assertion => assertion!["AssertDescription"]!.GetValue<string>()));
        }

        return failed;
    }

    // CloudFormation compares parameter values as strings: a Number parameter's "0" equals a literal 0.
    private static bool ValuesEqual(JsonNode? left, JsonNode? right) =>
        left is JsonValue && right is JsonValue
            ? string.Equals(left.ToString(), right.ToString(), StringComparison.Ordinal)
            : JsonNode.DeepEquals(left, right);

    private bool EvaluateCondition(JsonNode node)
    {
        var obj = node.AsObject();
        var (function, argument) = obj.Single();
        return function switch
        {
            "Fn::Equals" => ValuesEqual(Resolve(argument!.AsArray()[0]), Resolve(argument.AsArray()[1])),
            "Fn::Not" => !EvaluateCondition(argument!.AsArray()[0]!),
            "Fn::And" => argument!.AsArray().All(item => EvaluateCondition(item!)),
            "Fn::Or" => argument!.AsArray().Any(item => EvaluateCondition(item!)),
            "Condition" => Condition(argument!.GetValue<string>()),
            "Fn::Contains" => Resolve(argument!.AsArray()[0])!.AsArray().Any(item => ValuesEqual(item, Resolve(argument.AsArray()[1]))),
            _ => throw new NotSupportedException($"condition function {function}"),
        };
    }
}
