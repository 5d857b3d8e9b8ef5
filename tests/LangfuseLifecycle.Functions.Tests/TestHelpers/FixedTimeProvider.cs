namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>A clock stuck at one instant, for output that contains a timestamp.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
