using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>Environment variables for a handler run outside Lambda, without touching the CLI process's own environment.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> variables) : IEnvironment
{
    private readonly Dictionary<string, string?> values = variables.ToDictionary(pair => pair.Key, pair => (string?)pair.Value, StringComparer.Ordinal);

    public string? GetVariable(string name) => values.GetValueOrDefault(name);

    public void SetVariable(string name, string? value) => values[name] = value;
}
