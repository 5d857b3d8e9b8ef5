using LangfuseLifecycle.Core.Cost.Exceptions;
using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Tests.Cost.Schedule;

public class CronExpressionTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void Occurrences_WhenWeekdayMorningsInTokyo_ShouldFireAt2300UtcTheDayBefore()
    {
        // Arrange
        var cron = CronExpression.Parse("cron(0 8 ? * MON-FRI *)", "WakeExpression");
        var from = new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc);

        // Act
        var fires = cron.Occurrences(from, from.AddDays(7), Tokyo).ToList();

        // Assert: Monday 2026-11-30 08:00 JST is 2026-11-29 23:00Z, then one a day to Friday.
        Assert.Equal(5, fires.Count);
        Assert.Equal(new DateTime(2026, 11, 29, 23, 0, 0, DateTimeKind.Utc), fires[0]);
        Assert.Equal(new DateTime(2026, 12, 3, 23, 0, 0, DateTimeKind.Utc), fires[^1]);
    }

    [Fact]
    public void Occurrences_WhenLocalTimeFallsInSpringForwardGap_ShouldSkipIt()
    {
        // Arrange: 02:30 does not exist in New York on 2026-03-08.
        var cron = CronExpression.Parse("cron(30 2 ? * SUN *)", "WakeExpression");
        var from = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

        // Act
        var fires = cron.Occurrences(from, from.AddDays(14), NewYork).ToList();

        // Assert: 2026-03-01 (EST) fires at 07:30Z; 2026-03-08 is skipped; the window ends before 2026-03-15 (EDT, 06:30Z).
        Assert.Equal([new DateTime(2026, 3, 1, 7, 30, 0, DateTimeKind.Utc)], fires);
    }

    [Fact]
    public void Occurrences_WhenLocalTimeRepeatsAtFallBack_ShouldFireOnceAtTheFirstOccurrence()
    {
        // Arrange: 01:30 happens twice in New York on 2026-11-01 (EDT 05:30Z, then EST 06:30Z).
        var cron = CronExpression.Parse("cron(30 1 ? * SUN *)", "SleepExpression");
        var from = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        // Act
        var fires = cron.Occurrences(from, from.AddDays(1), NewYork).ToList();

        // Assert
        Assert.Equal([new DateTime(2026, 11, 1, 5, 30, 0, DateTimeKind.Utc)], fires);
    }

    [Theory]
    [InlineData("cron(0 8 L * ? *)", 2026, 2, 28, true)]
    [InlineData("cron(0 8 L * ? *)", 2026, 2, 27, false)]
    [InlineData("cron(0 8 ? * 6#3 *)", 2026, 11, 20, true)]
    [InlineData("cron(0 8 ? * 6#3 *)", 2026, 11, 13, false)]
    [InlineData("cron(0 8 ? * 2L *)", 2026, 11, 30, true)]
    [InlineData("cron(0 8 ? * 2L *)", 2026, 11, 23, false)]
    [InlineData("cron(0 8 1,15 JAN-MAR ? 2027)", 2027, 3, 15, true)]
    [InlineData("cron(0 8 1,15 JAN-MAR ? 2027)", 2026, 3, 15, false)]
    [InlineData("cron(0 8 */10 * ? *)", 2026, 5, 21, true)]
    [InlineData("cron(0 8 ? * 1 *)", 2026, 11, 29, true)]
    public void MatchesDate_WhenSpecialCharactersAreUsed_ShouldSelectTheRightDays(string expression, int year, int month, int day, bool expected)
    {
        // Arrange
        var cron = CronExpression.Parse(expression, "WakeExpression");

        // Act
        var matches = cron.MatchesDate(new DateOnly(year, month, day));

        // Assert
        Assert.Equal(expected, matches);
    }

    [Theory]
    [InlineData("cron(0 8 * * MON-FRI *)", "exactly one of day-of-month and day-of-week")]
    [InlineData("cron(0 8 ? * MON-FRI)", "exactly 6")]
    [InlineData("rate(1 hour)", "cron() expressions")]
    [InlineData("0 8 ? * MON-FRI *", "must start with 'cron('")]
    [InlineData("cron(0 25 ? * MON-FRI *)", "'25' is not a valid hours value")]
    [InlineData("cron(0 8 ? * FOO *)", "'FOO' is not a valid day-of-week value")]
    [InlineData("cron(0 8 15W * ? *)", "W (nearest weekday)")]
    [InlineData("cron(0 8 ? * FRI-MON *)", "runs backwards")]
    public void Parse_WhenExpressionIsInvalid_ShouldThrowNamingFieldAndProblem(string expression, string problem)
    {
        // Act
        var error = Assert.Throws<InvalidScheduleExpressionException>(() => CronExpression.Parse(expression, "SleepExpression"));

        // Assert
        Assert.Equal("SleepExpression", error.Field);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("SleepExpression:", error.Message, StringComparison.Ordinal);
    }
}
