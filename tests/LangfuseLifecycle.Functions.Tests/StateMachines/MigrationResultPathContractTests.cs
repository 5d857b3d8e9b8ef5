using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>
/// Every path the migration ASL reads from a handler's result must be a member the result always has. A ResultSelector
/// or Parameters path that is missing raises <c>States.Runtime</c>, which no Catch can catch (Step Functions error
/// handling): after "Switch web" that would end the execution with the web on v3 and no rollback. The handler results
/// are serialized with nulls omitted (MigrationJsonContext), so a nullable member is a missing member.
/// The check is by type, not by sample value: each Task's ResultSelector is resolved in its handler's result type
/// (found from the template's Handler name), and every JSONPath the definition reads under a Task's ResultPath is walked
/// through the source-generated metadata the bootstrap serializes with (JSON names, nullability).
/// </summary>
public partial class MigrationResultPathContractTests
{
    private static readonly JsonObject States = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("statemachines", "migration.asl.json")))!["States"]!.AsObject();

    [Fact]
    public void ResultSelectors_WhenResolvedInTheHandlerResultTypes_ShouldOnlyPickRequiredNonNullMembers()
    {
        var problems = SelectedFields().SelectMany(field => field.Problems).ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.NotEmpty(SelectedFields());
    }

    [Fact]
    public void Reads_WhenUnderATaskResultPath_ShouldWalkOnlyRequiredNonNullMembers()
    {
        var roots = SelectedFields().Where(field => field.Problems.Count == 0).ToList();
        var problems = new List<string>();
        var checkedReads = 0;
        foreach (var (state, path) in Reads())
        {
            var matches = roots.Where(root => path == root.Path || path.StartsWith(root.Path + ".", StringComparison.Ordinal)).ToList();
            foreach (var root in matches)
            {
                checkedReads++;
                var rest = path.Length == root.Path.Length ? [] : path[(root.Path.Length + 1)..].Split('.');
                problems.AddRange(Walk(root.Type, rest).Select(problem => $"{state} reads {path} ({root.Task} result {root.Type.Name}): {problem}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(checkedReads > 20, $"only {checkedReads} reads were under a Task result: the path extraction is broken");
    }

    [Fact]
    public void Walk_WhenAMemberIsNullable_ShouldReportIt()
    {
        // The rule itself: BackendTarget.AvailabilityZoneId is string? (omitted when null), Cluster is not.
        Assert.Empty(Walk(typeof(Core.Migration.MigrationPlan), ["backend", "cluster"]));
        Assert.Contains("nullable", Assert.Single(Walk(typeof(Core.Migration.MigrationPlan), ["backend", "availabilityZoneId"])));
        Assert.Contains("no member", Assert.Single(Walk(typeof(Core.Migration.MigrationPlan), ["backend", "missing"])));
        Assert.Contains("dictionary", Assert.Single(Walk(typeof(Core.Migration.WebV3Changes), ["variables", "REDIS_HOST"])));
    }

    /// <summary>A field a Task's ResultSelector writes: its absolute path in the state data and the type it holds.</summary>
    private sealed record SelectedField(string Task, string Path, Type Type, IReadOnlyList<string> Problems);

    private static List<SelectedField> SelectedFields()
    {
        var fields = new List<SelectedField>();
        foreach (var (name, node) in States)
        {
            var state = node!.AsObject();
            if ((string?)state["Type"] != "Task")
            {
                continue;
            }

            if (state.ContainsKey("ResultPath") && state["ResultPath"] is null)
            {
                continue; // the result is discarded
            }

            var resultType = ResultTypeOf(name, state);
            var resultPath = (string?)state["ResultPath"] ?? "$";
            if (state["ResultSelector"] is not JsonObject selector)
            {
                fields.Add(new SelectedField(name, (resultPath == "$" ? "$" : resultPath) + ".Payload", resultType, []));
                continue;
            }

            foreach (var (key, value) in selector)
            {
                Assert.True(key.EndsWith(".$", StringComparison.Ordinal), $"{name}: ResultSelector.{key} is a constant; this test expects paths only.");
                var source = (string)value!;
                Assert.StartsWith("$.Payload", source);
                var segments = source == "$.Payload" ? [] : source["$.Payload.".Length..].Split('.');
                var problems = Walk(resultType, segments).Select(problem => $"{name} selects {source} from {resultType.Name}: {problem}").ToList();
                fields.Add(new SelectedField(name, $"{resultPath}.{key[..^2]}", TypeAt(resultType, segments) ?? typeof(object), problems));
            }
        }

        return fields;
    }

    /// <summary>The problems of reading <paramref name="segments"/> from a value of <paramref name="type"/>: none when each is a required non-null member.</summary>
    private static List<string> Walk(Type type, IReadOnlyList<string> segments)
    {
        var problems = new List<string>();
        var current = type;
        foreach (var segment in segments)
        {
            var info = MigrationJsonContext.Default.GetTypeInfo(current)
                ?? throw new InvalidOperationException($"{current.Name} is not in MigrationJsonContext.");
            if (info.Kind == JsonTypeInfoKind.Dictionary)
            {
                problems.Add($"'{segment}' is a key of the dictionary {current.Name}, which may not hold it");
                return problems;
            }

            if (info.Kind != JsonTypeInfoKind.Object || info.Properties.FirstOrDefault(p => p.Name == segment) is not { } property)
            {
                problems.Add($"{current.Name} has no member '{segment}' (members: {string.Join(", ", info.Properties.Select(p => p.Name))})");
                return problems;
            }

            if (IsNullable(property))
            {
                problems.Add($"{current.Name}.{segment} is nullable, and a null member is omitted from the result (make it non-null, or stop reading it)");
            }

            current = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return problems;
    }

    private static Type? TypeAt(Type type, IReadOnlyList<string> segments)
    {
        var current = type;
        foreach (var segment in segments)
        {
            var property = MigrationJsonContext.Default.GetTypeInfo(current)?.Properties.FirstOrDefault(p => p.Name == segment);
            if (property is null)
            {
                return null;
            }

            current = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return current;
    }

    private static bool IsNullable(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable);

    /// <summary>Every JSONPath (not context path) the definition reads: Parameters/ResultSelector-free values ending in <c>.$</c> (intrinsics too), Choice variables and *Path fields.</summary>
    private static IEnumerable<(string State, string Path)> Reads()
    {
        foreach (var (name, node) in States)
        {
            foreach (var text in ReadTexts(node!, inResultSelector: false))
            {
                foreach (Match match in JsonPath().Matches(text))
                {
                    yield return (name, match.Value);
                }
            }
        }
    }

    private static IEnumerable<string> ReadTexts(JsonNode node, bool inResultSelector)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is null || key is "ResultSelector" or "ResultPath" or "Catch")
                    {
                        // ResultSelector reads the Task's own result (checked above); ResultPath is a write; Catch writes the error.
                        continue;
                    }

                    if (value is JsonValue && (key.EndsWith(".$", StringComparison.Ordinal) || key is "Variable" or "InputPath" or "OutputPath" or "ItemsPath" || key.EndsWith("Path", StringComparison.Ordinal)))
                    {
                        yield return (string)value!;
                    }
                    else
                    {
                        foreach (var text in ReadTexts(value, inResultSelector))
                        {
                            yield return text;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    foreach (var text in ReadTexts(item, inResultSelector))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }

    /// <summary>The handler result type of the function a Task invokes: template Handler name → the handler's JsonLambdaHandler&lt;TEvent, TResult&gt;.</summary>
    private static Type ResultTypeOf(string stateName, JsonObject state)
    {
        var functionArn = (string)state["Parameters"]!["FunctionName"]!;
        var logicalId = functionArn[2..^1].Replace("Arn", "", StringComparison.Ordinal);
        var handlerName = Handlers.Value.GetValueOrDefault(logicalId)
            ?? throw new InvalidOperationException($"{stateName}: template.yaml has no Handler for {logicalId}.");
        return ResultTypes.Value.GetValueOrDefault(handlerName)
            ?? throw new InvalidOperationException($"{stateName}: no JsonLambdaHandler has HandlerName '{handlerName}'.");
    }

    private static readonly Lazy<Dictionary<string, string>> Handlers = new(() =>
    {
        var handlers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? resource = null;
        foreach (var line in File.ReadLines(RepositoryFiles.PathOf("template.yaml")))
        {
            if (ResourceLine().Match(line) is { Success: true } start)
            {
                resource = start.Groups[1].Value;
            }
            else if (resource is not null && HandlerLine().Match(line) is { Success: true } handler)
            {
                handlers.TryAdd(resource, handler.Groups[1].Value);
            }
        }

        return handlers;
    });

    // Test projects inherit the trim analyzers (IsTestProject is set after Directory.Build.props runs); tests never run trimmed.
#pragma warning disable IL2026, IL2070
    private static readonly Lazy<Dictionary<string, Type>> ResultTypes = new(() =>
        typeof(MigrationJsonContext).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetField("HandlerName", BindingFlags.Public | BindingFlags.Static) is not null)
            .Select(type => (Name: (string)type.GetField("HandlerName")!.GetValue(null)!, Result: JsonResultType(type)))
            .Where(pair => pair.Result is not null)
            .ToDictionary(pair => pair.Name, pair => pair.Result!));
#pragma warning restore IL2026, IL2070

    private static Type? JsonResultType(Type handler)
    {
        for (var type = handler.BaseType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(JsonLambdaHandler<,>))
            {
                return type.GetGenericArguments()[1];
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<![\$\w])\$(?:\.[A-Za-z_][A-Za-z0-9_]*)+")]
    private static partial Regex JsonPath();

    [GeneratedRegex(@"^  ([A-Za-z0-9]+):\s*$")]
    private static partial Regex ResourceLine();

    [GeneratedRegex(@"^      Handler:\s*(\S+)\s*$")]
    private static partial Regex HandlerLine();
}
