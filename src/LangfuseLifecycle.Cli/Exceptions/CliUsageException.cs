namespace LangfuseLifecycle.Cli.Exceptions;

/// <summary>A flag or setting the command cannot work without, or a value it cannot use: exit code 2, nothing changed.</summary>
public sealed class CliUsageException(string message) : Exception(message);
