using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

/// <summary>The preflight rule; the event counts themselves are derived from the ASL by the Functions tests (MigrationHistoryBudgetTests).</summary>
public class MigrationHistoryBudgetRuleTests
{
    [Fact]
    public void CheckSettings_WhenTheDefaultLimits_ShouldStayWellWithinTheHistoryLimit()
    {
        var settings = new MigrationSettings();

        var worstCase = MigrationHistoryBudget.WorstCase(settings);

        Assert.InRange(worstCase, MigrationHistoryBudget.FixedEvents, MigrationHistoryBudget.Limit / 2);
        Assert.DoesNotContain(MigrationPreflight.CheckSettings(settings), problem => problem.Problem.Contains("history events", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckSettings_WhenSnapshotPollsCouldPassTheHistoryLimit_ShouldRefuseNamingTheSettingsAndTheFix()
    {
        var settings = new MigrationSettings { SnapshotMaxPolls = 2_200 };

        var problem = Assert.Single(MigrationPreflight.CheckSettings(settings), problem => problem.Problem.Contains("history events", StringComparison.Ordinal));

        Assert.Equal("snapshotMaxPolls", problem.Field);
        Assert.Contains("25,000", problem.Problem);
        Assert.Contains("snapshotMaxPolls=2200", problem.Problem);
        Assert.Contains("webMaxPolls=90", problem.Problem);
        Assert.Contains("snapshotPollSeconds", problem.Fix);
        var lowered = settings with { SnapshotMaxPolls = int.Parse(System.Text.RegularExpressions.Regex.Match(problem.Fix, @"at most (\d+)").Groups[1].Value) };
        Assert.True(MigrationHistoryBudget.WorstCase(lowered) <= MigrationHistoryBudget.Limit, "the suggested value must fit");
        Assert.True(MigrationHistoryBudget.WorstCase(lowered with { SnapshotMaxPolls = lowered.SnapshotMaxPolls + 1 }) > MigrationHistoryBudget.Limit, "and be the largest that fits");
    }

    [Fact]
    public void WorstCase_WhenEveryLoopRunsToItsLimit_ShouldCountEachLoopWithItsOwnLimit()
    {
        var settings = new MigrationSettings { SnapshotMaxPolls = 1, BackendMaxPolls = 1, HealthMaxAttempts = 1, HealthSuccessesRequired = 1, WebMaxPolls = 1 };
        var oneMoreWebPoll = settings with { WebMaxPolls = 2 };

        var perWebPoll = MigrationHistoryBudget.WorstCase(oneMoreWebPoll) - MigrationHistoryBudget.WorstCase(settings);

        // The web switch loop and the rollback loop both run up to webMaxPolls.
        Assert.Equal(MigrationHistoryBudget.Loops.Where(loop => loop.Setting == "webMaxPolls").Sum(loop => loop.EventsPerIteration), perWebPoll);
        Assert.Equal(2, MigrationHistoryBudget.Loops.Count(loop => loop.Setting == "webMaxPolls"));
    }
}
