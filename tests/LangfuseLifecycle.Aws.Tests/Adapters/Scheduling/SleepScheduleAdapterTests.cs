using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Scheduling;

public sealed class SleepScheduleAdapterTests
{
    [Fact]
    public void Input_WhenReasonHasQuotes_ShouldBeValidJsonWithActionAndReason()
    {
        // Arrange
        var schedule = new OneTimeSchedule("langfuse-sleep-at-20261130T1311Z", new DateTimeOffset(2026, 11, 30, 13, 11, 0, TimeSpan.Zero), "sleep", "wake-for-hours ended: \"demo\"");

        // Act
        var input = SleepScheduleAdapter.Input(schedule);

        // Assert
        using var json = System.Text.Json.JsonDocument.Parse(input);
        Assert.Equal("sleep", json.RootElement.GetProperty("action").GetString());
        Assert.Equal("wake-for-hours ended: \"demo\"", json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Input_WhenTheSleepEndsAKeepAwake_ShouldCarryItsUntilInUtc()
    {
        // Arrange
        var at = new DateTimeOffset(2026, 11, 30, 22, 11, 0, TimeSpan.FromHours(9));
        var schedule = new OneTimeSchedule("langfuse-sleep-at-20261130T1311Z", at, "sleep", "wake-for-hours ended", EndsKeepAwake: at);

        // Act
        var input = SleepScheduleAdapter.Input(schedule);

        // Assert
        using var json = System.Text.Json.JsonDocument.Parse(input);
        Assert.Equal("2026-11-30T13:11:00Z", json.RootElement.GetProperty("endsKeepAwake").GetString());
    }

    [Theory]
    [InlineData("at(2026-11-30T13:11:00)", true)]
    [InlineData("cron(0 20 ? * MON-FRI *)", false)]
    [InlineData("at(tomorrow)", false)]
    public void ParseAt_WhenExpressionGiven_ShouldReadOnlyAtExpressionsAsUtc(string expression, bool parsed)
    {
        // Act
        var at = SleepScheduleAdapter.ParseAt(expression);

        // Assert
        Assert.Equal(parsed ? new DateTimeOffset(2026, 11, 30, 13, 11, 0, TimeSpan.Zero) : null, at);
    }
}
