using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class HolidayCalendarTests
{
    [Fact]
    public void Parse_WhenDatesAndRanges_ShouldContainEveryDay()
    {
        // Act
        var calendar = HolidayCalendar.Parse("2026-12-31, 2027-01-01..2027-01-03;2027-02-11");

        // Assert
        Assert.Equal(5, calendar.Dates.Count);
        Assert.True(calendar.IsHoliday(new DateOnly(2027, 1, 2)));
        Assert.False(calendar.IsHoliday(new DateOnly(2027, 1, 4)));
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("31/12/2026")]
    [InlineData("2026-12-31..2026-12-01")]
    [InlineData("2026-01-01..2026-02-01..2026-03-01")]
    public void Parse_WhenMalformed_ShouldNameHolidaysAndTheFormat(string holidays)
    {
        // Act
        var exception = Assert.Throws<InvalidScalerConfigurationException>(() => HolidayCalendar.Parse(holidays));

        // Assert
        Assert.Equal("HOLIDAYS", exception.Setting);
        Assert.Contains("yyyy-MM-dd", exception.Message);
    }

    [Fact]
    public void IsHoliday_WhenUtcIsStillTheDayBefore_ShouldUseTheScheduleTimeZoneDate()
    {
        // Arrange: 2026-12-31T23:30Z is already 2027-01-01 08:30 in Tokyo.
        var calendar = HolidayCalendar.Parse("2027-01-01");
        var tokyo = ScheduleTimeZone.Resolve("Asia/Tokyo");

        // Act
        var holiday = calendar.IsHoliday(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero), tokyo);

        // Assert
        Assert.True(holiday);
    }

    [Fact]
    public void IsHoliday_WhenWakeRunsOnTheMorningClocksChange_ShouldUseTheLocalDate()
    {
        // Arrange: Europe/Berlin springs forward on 2026-03-29; 08:00 local is 06:00Z that day, 07:00Z the day before.
        var calendar = HolidayCalendar.Parse("2026-03-29");
        var berlin = ScheduleTimeZone.Resolve("Europe/Berlin");

        // Act
        var onTheDay = calendar.IsHoliday(new DateTimeOffset(2026, 3, 29, 6, 0, 0, TimeSpan.Zero), berlin);
        var lateEveningBefore = calendar.IsHoliday(new DateTimeOffset(2026, 3, 28, 22, 59, 0, TimeSpan.Zero), berlin);
        var justAfterMidnight = calendar.IsHoliday(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), berlin);

        // Assert
        Assert.True(onTheDay);
        Assert.False(lateEveningBefore);
        Assert.True(justAfterMidnight);
    }

    [Fact]
    public void Resolve_WhenTimeZoneUnknown_ShouldNameScheduleTimezone()
    {
        // Act
        var exception = Assert.Throws<InvalidScalerConfigurationException>(() => ScheduleTimeZone.Resolve("Asia/Tokio"));

        // Assert
        Assert.Equal("SCHEDULE_TIMEZONE", exception.Setting);
        Assert.Contains("Asia/Tokio", exception.Message);
    }

    [Fact]
    public void Resolve_WhenEmpty_ShouldDefaultToTokyo()
    {
        // Act
        var timeZone = ScheduleTimeZone.Resolve(" ");

        // Assert
        Assert.Equal("Asia/Tokyo", timeZone.Id);
    }
}
