using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands.Plan;

public sealed class PlanCommandTests
{
    [Fact]
    public async Task Plan_WhenHolidayWeekFromFlags_ShouldShowSkippedWakeAndAwakeHours()
    {
        var run = await CliRun.RunAsync("plan", "--schedule-only", "--from", "2026-12-28", "--days", "7", "--holidays", "2026-12-31..2027-01-01", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var plan = run.JsonRoot;
        Assert.Equal("Asia/Tokyo", plan.GetProperty("timeZone").GetString());
        Assert.Equal(36, plan.GetProperty("totalAwakeHours").GetDouble());
        var newYear = plan.GetProperty("days")[4];
        Assert.Equal("2027-01-01", newYear.GetProperty("date").GetString());
        Assert.True(newYear.GetProperty("isHoliday").GetBoolean());
        Assert.Equal("skipped", newYear.GetProperty("events")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Plan_WhenAHolidayRangeIsLongerThanTheScalerAccepts_ShouldRefuseNamingTheFlag()
    {
        // Arrange / Act: the deployed scaler refuses ranges over 366 days, so plan must not accept one either.
        var run = await CliRun.RunAsync("plan", "--schedule-only", "--from", "2026-12-28", "--holidays", "2026-01-01..2027-12-31");

        // Assert
        Assert.True(run.ExitCode == ExitCodes.BadUsage, run.ToString());
        Assert.Contains("--holidays", run.ToString());
        Assert.Contains("longer than 366 days", run.ToString());
    }

    [Fact]
    public async Task Plan_WhenTextOutput_ShouldPrintOneRowPerDayWithDst()
    {
        var run = await CliRun.RunAsync("plan", "--schedule-only", "--from", "2026-03-28", "--days", "2", "--timezone", "Europe/Berlin", "--wake-cron", "cron(0 8 * * ? *)", "--sleep-cron", "cron(0 20 * * ? *)");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("2026-03-28", run.Output);
        Assert.Contains("DST UTC+01:00 → UTC+02:00", run.Output);
        Assert.Contains("08:00 wake", run.Output);
    }

    [Theory]
    [InlineData("--days", "0")]
    [InlineData("--days", "100")]
    [InlineData("--from", "28/12/2026")]
    public async Task Plan_WhenFlagOutOfRange_ShouldExitBadUsage(string flag, string value)
    {
        var run = await CliRun.RunAsync("plan", "--schedule-only", flag, value);

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains(flag, run.Error);
    }

    [Fact]
    public async Task Plan_WhenTimeZoneUnknown_ShouldExitBadUsage()
    {
        var run = await CliRun.RunAsync("plan", "--schedule-only", "--timezone", "Mars/Olympus");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("Mars/Olympus", run.Error);
    }
}

/// <summary>plan with --stack: the deployed schedules (not the template's defaults) and the live backend.</summary>
[Collection(MotoCollection.Name)]
public sealed class PlanCommandMotoTests(MotoFixture moto)
{
    [Fact]
    public async Task Plan_WhenStackHasDeployedSchedules_ShouldPlanThemInTheirTimeZone()
    {
        var stack = await ScalerStack.CreateAsync(moto);
        var requests = new MotoSeedRequests(moto.Endpoint);
        await requests.CreateScheduleAsync("ScalerFunctionWakeSchedule", "cron(0 7 ? * MON-FRI *)", "Europe/Berlin", LangfuseLifecycle.Emulation.Moto.MotoLangfuseEnvironment.FunctionArn, "wake");
        await requests.CreateScheduleAsync("ScalerFunctionSleepSchedule", "cron(0 22 ? * MON-FRI *)", "Europe/Berlin", LangfuseLifecycle.Emulation.Moto.MotoLangfuseEnvironment.FunctionArn, "sleep");

        var run = await stack.RunAsync("plan", "--days", "7", "--output", "json");
        var text = await stack.RunAsync("plan", "--days", "3");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("Europe/Berlin", run.JsonRoot.GetProperty("timeZone").GetString());
        Assert.Equal("service", run.JsonRoot.GetProperty("awakeAtStartSource").GetString());
        var times = run.JsonRoot.GetProperty("days").EnumerateArray()
            .SelectMany(day => day.GetProperty("events").EnumerateArray())
            .Where(e => e.GetProperty("source").GetString() == "schedule")
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("localTime").GetString()))
            .Distinct()
            .ToList();
        Assert.Equal([("wake", "07:00"), ("sleep", "22:00")], times.Order().Reverse());
        Assert.Contains("(from deployed schedules)", text.Output.Replace("\n", string.Empty, StringComparison.Ordinal));
    }
}
