namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>Process environment variables, behind an interface so the bootstrap and handlers' configuration are testable.</summary>
public interface IEnvironment
{
    string? GetVariable(string name);

    /// <summary>Sets (or, with <c>null</c>, removes) a variable for this process.</summary>
    void SetVariable(string name, string? value);
}

/// <summary>The real process environment.</summary>
public sealed class ProcessEnvironment : IEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    private ProcessEnvironment()
    {
    }

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public void SetVariable(string name, string? value) => Environment.SetEnvironmentVariable(name, value);
}
