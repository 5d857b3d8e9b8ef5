using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>Upper bounds for waiting on the fake Runtime API: generous so a loaded CI machine does not fail tests, never a measurement.</summary>
public static class Waits
{
    public static readonly TimeSpan Result = TestTimeouts.LoopbackAnswer;

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Result);
}
