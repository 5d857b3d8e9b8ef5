using LangfuseLifecycle.Core.Cost.Schedule;
using LangfuseLifecycle.Core.Scheduling.Planning;

namespace LangfuseLifecycle.Core.Tests.Scheduling.Planning;

public sealed class SchedulePlannerTests
{
    private static readonly SleepWakeSchedule Tokyo = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", [new DateOnly(2026, 12, 31)]);

    // Monday 2026-12-28 00:00 in Tokyo.
    private static readonly DateTimeOffset MondayMidnightTokyo = new(2026, 12, 27, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plan_WhenWeekHasAHoliday_ShouldSkipThatWakeAndCountNoHoursThatDay()
    {
        var plan = SchedulePlanner.Plan(Tokyo, MondayMidnightTokyo, 7);

        Assert.Equal(7, plan.Days.Count);
        var holiday = plan.Days.Single(d => d.Date == new DateOnly(2026, 12, 31));
        Assert.True(holiday.IsHoliday);
        var wake = holiday.Events.Single(e => e.Action == SchedulePlanner.Wake);
        Assert.Equal(SchedulePlanner.Skipped, wake.Outcome);
        Assert.Contains("2026-12-31 is a holiday", wake.SkipReason);
        Assert.Equal(0, holiday.AwakeHours);
        Assert.Equal(48, plan.TotalAwakeHours);
        Assert.Equal("08:00", plan.Days[0].Events[0].LocalTime);
    }

    [Fact]
    public void Plan_WhenSleepScheduleDisabled_ShouldSkipEverySleepAndStayAwakeAfterTheFirstWake()
    {
        var plan = SchedulePlanner.Plan(Tokyo, MondayMidnightTokyo, 2, awakeNow: false, disabledActions: new HashSet<string> { SchedulePlanner.Sleep });

        var sleeps = plan.Days.SelectMany(d => d.Events).Where(e => e.Action == SchedulePlanner.Sleep).ToList();
        Assert.Equal(2, sleeps.Count);
        Assert.All(sleeps, sleep => Assert.Equal(SchedulePlanner.Skipped, sleep.Outcome));
        Assert.Contains("sleep schedule is DISABLED", sleeps[0].SkipReason);
        Assert.Equal(16, plan.Days[0].AwakeHours);
        Assert.Equal(24, plan.Days[1].AwakeHours);
    }

    [Fact]
    public void Plan_WhenDaylightSavingStarts_ShouldMarkTheShiftAndKeepLocalTimes()
    {
        var daily = SleepWakeSchedule.Create("cron(0 8 * * ? *)", "cron(0 20 * * ? *)", "Europe/Berlin");
        var saturday = SchedulePlanner.LocalMidnight(new DateOnly(2026, 3, 28), daily.TimeZone);

        var plan = SchedulePlanner.Plan(daily, saturday, 3);

        var sunday = plan.Days[1];
        Assert.Equal("UTC+01:00 → UTC+02:00", sunday.DaylightSavingShift);
        Assert.Null(plan.Days[0].DaylightSavingShift);
        Assert.All(plan.Days, day => Assert.Equal(["08:00", "20:00"], day.Events.Select(e => e.LocalTime)));
        Assert.Equal("+02:00", plan.Days[2].UtcOffset);
        Assert.All(plan.Days, day => Assert.Equal(12, day.AwakeHours));
    }

    [Fact]
    public void Plan_WhenKeepAwakeActive_ShouldSkipSleepsBeforeItsEndOnly()
    {
        var until = new DateTimeOffset(2026, 12, 29, 23, 0, 0, TimeSpan.FromHours(9));

        var plan = SchedulePlanner.Plan(Tokyo, MondayMidnightTokyo, 3, keepAwakeUntil: until);

        var sleeps = plan.Days.SelectMany(d => d.Events).Where(e => e.Action == SchedulePlanner.Sleep).ToList();
        Assert.Equal([SchedulePlanner.Skipped, SchedulePlanner.Skipped, SchedulePlanner.Runs], sleeps.Select(s => s.Outcome));
        Assert.Contains("keep-awake until 2026-12-29 23:00", sleeps[0].SkipReason);
        Assert.Equal(16, plan.Days[0].AwakeHours);
        Assert.Equal(24, plan.Days[1].AwakeHours);
    }

    [Fact]
    public void Plan_WhenOneTimeSleepPending_ShouldRunItAndEndTheAwakeTime()
    {
        var wednesday = SchedulePlanner.LocalMidnight(new DateOnly(2026, 12, 30), Tokyo.TimeZone);
        var sleepAt = new DateTimeOffset(2026, 12, 30, 11, 0, 0, TimeSpan.FromHours(9));

        var plan = SchedulePlanner.Plan(Tokyo, wednesday, 1, oneTimeSleeps: [new PlannedOneTimeSleep("langfuse-sleep-at-20261230t0200z", sleepAt)]);

        var events = plan.Days[0].Events;
        Assert.Equal(["08:00", "11:00", "20:00"], events.Select(e => e.LocalTime));
        Assert.Equal("one-time langfuse-sleep-at-20261230t0200z", events[1].Source);
        Assert.Equal(3, plan.Days[0].AwakeHours);
    }

    [Fact]
    public void Plan_WhenServiceStateKnown_ShouldStartFromIt()
    {
        var saturdayNoon = new DateTimeOffset(2027, 1, 2, 12, 0, 0, TimeSpan.FromHours(9));

        var derived = SchedulePlanner.Plan(Tokyo, saturdayNoon, 1);
        var awake = SchedulePlanner.Plan(Tokyo, saturdayNoon, 1, awakeNow: true);

        Assert.False(derived.AwakeAtStart);
        Assert.Equal("schedule", derived.AwakeAtStartSource);
        Assert.Equal(0, derived.Days[0].AwakeHours);
        Assert.True(awake.AwakeAtStart);
        Assert.Equal("service", awake.AwakeAtStartSource);
        Assert.Equal(12, awake.Days[0].AwakeHours);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    public void Plan_WhenDaysOutOfRange_ShouldThrow(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulePlanner.Plan(Tokyo, MondayMidnightTokyo, days));
    }
}
