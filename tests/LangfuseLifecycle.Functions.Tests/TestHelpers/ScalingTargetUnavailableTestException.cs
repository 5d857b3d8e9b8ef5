namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>A domain-style exception a test handler throws; its class name must arrive as the Lambda error type.</summary>
public sealed class ScalingTargetUnavailableTestException(string message) : Exception(message);
