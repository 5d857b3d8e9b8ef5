namespace LangfuseLifecycle.Core.Tests.TestHelpers;

/// <summary>A clock tests set by hand. Timers are not needed: tests run with zero poll intervals.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
