using System.Collections.Concurrent;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>An <see cref="IEnvironment"/> backed by a dictionary, so tests never touch the test process's variables.</summary>
public sealed class FakeEnvironment(IReadOnlyDictionary<string, string?>? initial = null) : IEnvironment
{
    private readonly ConcurrentDictionary<string, string?> variables = new(initial ?? new Dictionary<string, string?>());

    public string? GetVariable(string name) => variables.TryGetValue(name, out var value) ? value : null;

    public void SetVariable(string name, string? value)
    {
        if (value is null)
        {
            variables.TryRemove(name, out _);
        }
        else
        {
            variables[name] = value;
        }
    }
}
