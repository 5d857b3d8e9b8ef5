namespace LangfuseLifecycle.Cli.Contracts;

/// <summary><c>langfuse-lifecycle --output json</c> when a command fails: the error type (exception class or BadUsage) and its message.</summary>
public sealed record CliError(string Error, string Message);
