namespace LangfuseLifecycle.Cli.Exceptions;

/// <summary>The followed migration execution ended FAILED, ABORTED or TIMED_OUT (exit code 1 after its report).</summary>
public sealed class MigrationExecutionFailedException(string message) : Exception(message);
