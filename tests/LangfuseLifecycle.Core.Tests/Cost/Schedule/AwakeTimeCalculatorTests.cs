using LangfuseLifecycle.Core.Cost.Exceptions;
using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Tests.Cost.Schedule;

public class AwakeTimeCalculatorTests
{
    // Monday 2026-11-30 00:00 in Tokyo.
    private static readonly DateTime TokyoWeekStart = new(2026, 11, 29, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AwakeTime_WhenBusinessHoursWeekInTokyo_ShouldBeSixtyHours()
    {
        // Arrange
        var schedule = SleepWakeSchedule.BusinessHoursTokyo();

        // Act
        var awake = AwakeTimeCalculator.AwakeTime(schedule, TokyoWeekStart, TokyoWeekStart.AddDays(7));

        // Assert
        Assert.Equal(TimeSpan.FromHours(60), awake);
    }

    [Fact]
    public void AwakeTime_WhenMondayIsAHoliday_ShouldSkipThatWake()
    {
        // Arrange
        var schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", [new DateOnly(2026, 11, 30)]);

        // Act
        var awake = AwakeTimeCalculator.AwakeTime(schedule, TokyoWeekStart, TokyoWeekStart.AddDays(7));

        // Assert
        Assert.Equal(TimeSpan.FromHours(48), awake);
    }

    [Fact]
    public void AwakeTime_WhenHolidayFallsOnAWeekend_ShouldChangeNothing()
    {
        // Arrange
        var schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", [new DateOnly(2026, 12, 5)]);

        // Act
        var awake = AwakeTimeCalculator.AwakeTime(schedule, TokyoWeekStart, TokyoWeekStart.AddDays(7));

        // Assert
        Assert.Equal(TimeSpan.FromHours(60), awake);
    }

    [Theory]
    [InlineData(2026, 2, 28, 12)] // ordinary weekend
    [InlineData(2026, 3, 7, 11)] // clocks spring forward at 02:00 on Sunday 2026-03-08: the night is an hour shorter
    [InlineData(2026, 10, 31, 13)] // clocks fall back at 02:00 on Sunday 2026-11-01: the night is an hour longer
    public void AwakeTime_WhenOvernightScheduleSpansDstChange_ShouldCountRealElapsedHours(int year, int month, int saturday, int expectedHours)
    {
        // Arrange: awake Saturday 20:00 to Sunday 08:00, New York local time.
        var schedule = SleepWakeSchedule.Create("cron(0 20 ? * SAT *)", "cron(0 8 ? * SUN *)", "America/New_York");
        var from = new DateTime(year, month, saturday, 12, 0, 0, DateTimeKind.Utc);

        // Act
        var awake = AwakeTimeCalculator.AwakeTime(schedule, from, from.AddDays(7));

        // Assert
        Assert.Equal(TimeSpan.FromHours(expectedHours), awake);
    }

    [Fact]
    public void AwakeTime_WhenDstWeekWithBusinessHours_ShouldStillBeSixtyHours()
    {
        // Arrange: Monday-Friday 08:00-20:00 in New York, the week after clocks sprang forward on 2026-03-08.
        var schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "America/New_York");
        var from = new DateTime(2026, 3, 8, 5, 0, 0, DateTimeKind.Utc);

        // Act
        var awake = AwakeTimeCalculator.AwakeTime(schedule, from, from.AddDays(7));

        // Assert
        Assert.Equal(TimeSpan.FromHours(60), awake);
    }

    [Theory]
    [InlineData(2026, 2, 23, 12)] // Monday 2026-02-23: an ordinary week
    [InlineData(2026, 3, 2, 11)] // Monday 2026-03-02: its weekend holds the spring-forward night (Sunday 2026-03-08)
    [InlineData(2026, 3, 7, 11)] // a week may start on any day: Saturday 2026-03-07 holds the same short night
    [InlineData(2026, 10, 31, 13)] // the local week starting Saturday 2026-10-31 holds the long night
    public void AwakeTimeInWeek_WhenLocalWeekHoldsADstChange_ShouldCountRealHours(int year, int month, int day, int expectedHours)
    {
        // Arrange: awake Saturday 20:00 to Sunday 08:00, New York local time.
        var schedule = SleepWakeSchedule.Create("cron(0 20 ? * SAT *)", "cron(0 8 ? * SUN *)", "America/New_York");

        // Act
        var awake = AwakeTimeCalculator.AwakeTimeInWeek(schedule, new DateOnly(year, month, day));

        // Assert
        Assert.Equal(TimeSpan.FromHours(expectedHours), awake);
    }

    [Fact]
    public void AwakeTimeInWeek_WhenBusinessHoursInTokyoWithAHoliday_ShouldBeFortyEightHours()
    {
        // Arrange: 2026-11-23 (Labour Thanksgiving Day) is a Monday.
        var schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", [new DateOnly(2026, 11, 23)]);

        // Act
        var awake = AwakeTimeCalculator.AwakeTimeInWeek(schedule, new DateOnly(2026, 11, 23));

        // Assert
        Assert.Equal(TimeSpan.FromHours(48), awake);
    }

    [Fact]
    public void AwakeTime_WhenIntervalStartsWhileAwake_ShouldCountFromTheStart()
    {
        // Arrange: 2026-11-30 01:00Z is 10:00 on Monday in Tokyo, two hours after the wake.
        var schedule = SleepWakeSchedule.BusinessHoursTokyo();
        var from = new DateTime(2026, 11, 30, 1, 0, 0, DateTimeKind.Utc);

        // Act
        var awake = AwakeTimeCalculator.AwakeTime(schedule, from, from.AddHours(4));

        // Assert
        Assert.Equal(TimeSpan.FromHours(4), awake);
    }

    [Fact]
    public void AwakeTime_WhenWakeAndSleepFireAtTheSameInstant_ShouldStayAsleep()
    {
        // Arrange
        var schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 8 ? * MON-FRI *)", "Asia/Tokyo");

        // Act
        var awake = AwakeTimeCalculator.AwakeTime(schedule, TokyoWeekStart, TokyoWeekStart.AddDays(7));

        // Assert
        Assert.Equal(TimeSpan.Zero, awake);
    }

    [Theory]
    [InlineData("cron(0 8 30 2 ? *)")] // 30 February
    [InlineData("cron(0 8 ? * MON-FRI 2020)")] // years long gone
    public void AwakeTime_WhenWakeExpressionNeverFires_ShouldThrowScheduleNeverWakes(string wakeExpression)
    {
        // Arrange
        var schedule = SleepWakeSchedule.Create(wakeExpression, "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo");

        // Act
        var error = Assert.Throws<ScheduleNeverWakesException>(() => AwakeTimeCalculator.AwakeTime(schedule, TokyoWeekStart, TokyoWeekStart.AddDays(7)));

        // Assert
        Assert.Equal("WakeExpression", error.Field);
        Assert.Contains("never wake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwakeTime_WhenSleepExpressionNeverFires_ShouldThrowNamingSleepExpression()
    {
        // Arrange
        var schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 31 4 ? *)", "Asia/Tokyo");

        // Act
        var error = Assert.Throws<InvalidScheduleExpressionException>(() => AwakeTimeCalculator.AwakeTime(schedule, TokyoWeekStart, TokyoWeekStart.AddDays(7)));

        // Assert
        Assert.Equal("SleepExpression", error.Field);
        Assert.Contains("never sleep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhenTimeZoneIsUnknown_ShouldThrowNamingTimeZone()
    {
        // Act
        var error = Assert.Throws<UnknownTimeZoneException>(() => SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "Mars/Olympus_Mons"));

        // Assert
        Assert.Equal("TimeZone", error.Field);
        Assert.Contains("Asia/Tokyo", error.Message, StringComparison.Ordinal);
    }
}
