using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Testing.Asl;

/// <summary>What a Task state's local handler does on one call: return a result, or fail with an error name
/// (the Lambda error type Retry/Catch match) and cause.</summary>
public sealed record AslTaskOutcome
{
    private AslTaskOutcome()
    {
    }

    public JsonNode? Result { get; private init; }

    public string? Error { get; private init; }

    public string? Cause { get; private init; }

    public static AslTaskOutcome Return(string resultJson) => new() { Result = JsonNode.Parse(resultJson) };

    public static AslTaskOutcome Return(JsonNode? result) => new() { Result = result?.DeepClone() };

    public static AslTaskOutcome Throw(string error, string cause = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new AslTaskOutcome { Error = error, Cause = cause };
    }

    internal JsonObject ToJson() => Error is null
        ? new JsonObject { ["result"] = Result?.DeepClone() }
        : new JsonObject { ["error"] = Error, ["cause"] = Cause };
}
