using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

public class HealthProgressTests
{
    [Fact]
    public void After_WhenRequiredSuccessesInARow_ShouldBeHealthy()
    {
        var progress = HealthProgress.Start.After(true, "", 3, 10).After(true, "", 3, 10).After(true, "", 3, 10);

        Assert.Equal(HealthProgress.Healthy, progress.Verdict);
        Assert.Equal(3, progress.Attempts);
    }

    [Fact]
    public void After_WhenAFailureInterruptsTheRun_ShouldStartCountingAgain()
    {
        var progress = HealthProgress.Start.After(true, "", 3, 10).After(true, "", 3, 10).After(false, "503", 3, 10).After(true, "", 3, 10);

        Assert.Equal(1, progress.ConsecutiveSuccesses);
        Assert.Equal(HealthProgress.Probing, progress.Verdict);
        Assert.Equal(4, progress.Attempts);
    }

    [Fact]
    public void After_WhenAttemptsAreUsedUp_ShouldBeUnhealthyWithTheLastDetail()
    {
        var progress = HealthProgress.Start.After(false, "503", 2, 2).After(false, "connection refused", 2, 2);

        Assert.Equal(HealthProgress.Unhealthy, progress.Verdict);
        Assert.Equal("connection refused", progress.Detail);
    }

    [Fact]
    public void After_WhenTheLastAllowedAttemptCompletesTheRun_ShouldBeHealthy()
    {
        var progress = HealthProgress.Start.After(false, "", 1, 2).After(true, "", 1, 2);

        Assert.Equal(HealthProgress.Healthy, progress.Verdict);
    }
}
