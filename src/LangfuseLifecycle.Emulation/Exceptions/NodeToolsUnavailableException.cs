namespace LangfuseLifecycle.Emulation.Exceptions;

/// <summary>node is not installed, or the repository's npm tools (aws-local-stepfunctions, asl-validator) cannot be
/// installed or found. The message says what to install or run.</summary>
public sealed class NodeToolsUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
