namespace LangfuseLifecycle.Cli.Exceptions;

/// <summary>The stack named by --stack does not exist in the region, or is not in a usable state.</summary>
public sealed class StackNotFoundException(string message, Exception? inner = null) : Exception(message, inner);
