using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Cli.Commands.Migration;

namespace LangfuseLifecycle.Cli.Tests.Commands.Migration;

public sealed class MigrationTimelineTests
{
    private static readonly DateTime Start = new(2026, 11, 29, 1, 0, 0, DateTimeKind.Utc);

    private static HistoryEvent Entered(long id, string state, int second) =>
        new() { Id = id, Type = "TaskStateEntered", Timestamp = Start.AddSeconds(second), StateEnteredEventDetails = new StateEnteredEventDetails { Name = state } };

    [Theory]
    [InlineData("Snapshot started", "Snapshot")]
    [InlineData("Web switch started", "Web switch")]
    [InlineData("Roll back web", "Rollback")]
    [InlineData("Probe rolled-back web", "Rollback")]
    [InlineData("Rollback still running?", "Rollback")]
    [InlineData("Create snapshot", null)]
    [InlineData("Wake ClickHouse", null)]
    public void PhaseOfState_WhenStateNamed_ShouldMapToItsPhase(string state, string? phase)
    {
        Assert.Equal(phase, MigrationTimeline.PhaseOfState(state));
    }

    [Fact]
    public void Apply_WhenEventsArriveTwice_ShouldReportEachOnce()
    {
        var timeline = new MigrationTimeline();
        HistoryEvent[] first = [new() { Id = 1, Type = "ExecutionStarted", Timestamp = Start }, Entered(2, "Preflight", 1), Entered(3, "Snapshot started", 5)];

        var firstEntries = timeline.Apply(first);
        var again = timeline.Apply([.. first, Entered(4, "Create snapshot", 6)]);

        Assert.Equal(["Preflight", "Snapshot"], firstEntries.Select(e => e.Phase));
        Assert.Empty(again);
        var phases = timeline.Phases("RUNNING");
        Assert.Equal("Create snapshot", phases[^1].LastState);
        Assert.Equal(2, phases[^1].StatesEntered);
        Assert.Equal("running", phases[^1].Outcome);
        Assert.Equal("completed", phases[0].Outcome);
        Assert.Equal(phases[1].StartedAt, phases[0].EndedAt);
    }

    [Fact]
    public void Apply_WhenATaskFailsAndTheExecutionFails_ShouldReportBothWithCauses()
    {
        var timeline = new MigrationTimeline();

        var entries = timeline.Apply(
        [
            Entered(1, "Preflight", 0),
            new HistoryEvent { Id = 2, Type = "TaskFailed", Timestamp = Start.AddSeconds(1), TaskFailedEventDetails = new TaskFailedEventDetails { Error = "WebAlreadyOnV3Exception", Cause = "web runs langfuse/langfuse:3.1" } },
            new HistoryEvent { Id = 3, Type = "ExecutionFailed", Timestamp = Start.AddSeconds(2), ExecutionFailedEventDetails = new ExecutionFailedEventDetails { Error = "PreflightFailed", Cause = "web already on v3" } },
        ]);

        Assert.Equal(["phase", "step-failed", "execution-failed"], entries.Select(e => e.Kind));
        Assert.Contains("WebAlreadyOnV3Exception — web runs langfuse/langfuse:3.1", entries[1].Text);
        Assert.Equal("PreflightFailed", timeline.Error);
        Assert.Equal("web already on v3", timeline.Cause);
        Assert.Equal("failed", timeline.Phases("FAILED").Single().Outcome);
    }
}
