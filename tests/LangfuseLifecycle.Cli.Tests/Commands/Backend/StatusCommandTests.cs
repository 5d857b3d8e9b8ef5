using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;
using DemoEnvironment = LangfuseLifecycle.Emulation.Moto.MotoLangfuseEnvironment;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

/// <summary>
/// status against moto: the next wake and sleep come from the EventBridge Scheduler schedules that invoke the stack's
/// ScalerFunction (as template.yaml's ScheduleV2 events deploy them), and the last action is read off the services.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class StatusCommandTests(MotoFixture moto)
{
    [Fact]
    public async Task Status_WhenDeployedSchedulesInvokeTheFunction_ShouldShowNextWakeFromThemInTheirTimeZone()
    {
        var stack = await ScalerStack.CreateAsync(moto);
        await CreateScheduleAsync("ScalerFunctionWakeSchedule", "cron(30 9 ? * * *)", "Europe/Berlin", DemoEnvironment.FunctionArn, "wake", "ENABLED");
        await CreateScheduleAsync("ScalerFunctionSleepSchedule", "cron(45 18 ? * * *)", "Europe/Berlin", DemoEnvironment.FunctionArn, "sleep", "ENABLED");
        await CreateScheduleAsync("other-app-wake", "cron(0 3 ? * * *)", "UTC", "arn:aws:lambda:us-east-1:123456789012:function:other-app", "wake", "ENABLED");

        var run = await stack.RunAsync("status", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var report = run.JsonRoot;
        Assert.Equal("deployed schedules", report.GetProperty("scheduleSource").GetString());
        Assert.Equal("Europe/Berlin", report.GetProperty("timeZone").GetString());
        Assert.Equal(
            ["ScalerFunctionSleepSchedule", "ScalerFunctionWakeSchedule"],
            report.GetProperty("schedules").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Order());
        Assert.Equal("09:30", report.GetProperty("nextWake").GetProperty("localTime").GetString());
        Assert.Equal("18:45", report.GetProperty("nextSleep").GetProperty("localTime").GetString());
    }

    [Fact]
    public async Task Status_WhenDeployedSleepScheduleIsDisabled_ShouldShowNoNextSleep()
    {
        var stack = await ScalerStack.CreateAsync(moto);
        await CreateScheduleAsync("ScalerFunctionWakeSchedule", "cron(0 8 ? * * *)", "Asia/Tokyo", DemoEnvironment.FunctionArn, "wake", "DISABLED");
        await CreateScheduleAsync("ScalerFunctionSleepSchedule", "cron(0 20 ? * * *)", "Asia/Tokyo", DemoEnvironment.FunctionArn, "sleep", "DISABLED");

        var run = await stack.RunAsync("status", "--output", "json");
        var text = await stack.RunAsync("status");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.False(run.JsonRoot.TryGetProperty("nextSleep", out _));
        Assert.False(run.JsonRoot.TryGetProperty("nextWake", out _));
        Assert.Contains(run.JsonRoot.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("sleep schedule is DISABLED", StringComparison.Ordinal));
        Assert.Contains("DISABLED", text.Output);
        var plan = await stack.RunAsync("plan", "--days", "7", "--output", "json");
        var scheduled = plan.JsonRoot.GetProperty("days").EnumerateArray().SelectMany(d => d.GetProperty("events").EnumerateArray()).ToList();
        Assert.NotEmpty(scheduled);
        Assert.All(scheduled, e => Assert.Contains("is DISABLED (ScheduleState)", e.GetProperty("skipReason").GetString()));
    }

    [Fact]
    public async Task Status_WhenNoScheduleInvokesTheFunction_ShouldFallBackToTheStacksParameters()
    {
        var stack = await ScalerStack.CreateAsync(moto, new Dictionary<string, string>
        {
            ["WakeScheduleExpression"] = "cron(15 7 ? * * *)",
            ["SleepScheduleExpression"] = "cron(0 19 ? * * *)",
        });

        var run = await stack.RunAsync("status", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("stack", run.JsonRoot.GetProperty("scheduleSource").GetString());
        Assert.Equal("07:15", run.JsonRoot.GetProperty("nextWake").GetProperty("localTime").GetString());
        Assert.Contains(run.JsonRoot.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("no recurring EventBridge Scheduler schedule invokes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_WhenAsleepAfterSleep_ShouldReportTheSleepAsLastActionWithItsTime()
    {
        var stack = await ScalerStack.CreateAsync(moto);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var sleep = await stack.RunAsync("sleep");
        Assert.True(sleep.ExitCode == ExitCodes.Ok, sleep.ToString());

        var run = await stack.RunAsync("status", "--output", "json");
        var text = await stack.RunAsync("status");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var last = run.JsonRoot.GetProperty("lastAction");
        Assert.Equal("sleep", last.GetProperty("action").GetString());
        Assert.Equal("completed", last.GetProperty("outcome").GetString());
        Assert.InRange(last.GetProperty("at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Contains("langfuse-worker 2", last.GetProperty("detail").GetString());
        Assert.Contains("Last action: sleep at", text.Output);
    }

    [Fact]
    public async Task Status_WhenWokenAfterSleep_ShouldReportTheWakeCompleted()
    {
        var stack = await ScalerStack.CreateAsync(moto);
        await stack.RunAsync("sleep");
        var wake = await stack.RunAsync("wake", "--skip-health-check", "--force");
        Assert.True(wake.ExitCode == ExitCodes.Ok, wake.ToString());

        var run = await stack.RunAsync("status", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var last = run.JsonRoot.GetProperty("lastAction");
        Assert.Equal("wake", last.GetProperty("action").GetString());
        Assert.Equal("completed", last.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Status_WhenStackOutputsNameTheBackend_ShouldUseThemOverTheParameters()
    {
        // Create mode: the parameters are placeholders, the nested backend stack's names come back as Backend* outputs.
        var stack = await ScalerStack.CreateAsync(
            moto,
            new Dictionary<string, string> { ["LangfuseCluster"] = "placeholder-cluster", ["ClickHouseService"] = "placeholder-service" },
            new Dictionary<string, string> { ["BackendLangfuseCluster"] = "langfuse", ["BackendClickHouseService"] = "langfuse-clickhouse" });

        var run = await stack.RunAsync("status", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains(run.JsonRoot.GetProperty("status").GetProperty("services").EnumerateArray(), s => s.GetProperty("service").GetString() == "langfuse-clickhouse");
    }

    [Fact]
    public async Task Status_WhenFileSystemDoesNotExist_ShouldExitActionFailedWithTheSchedulersErrorType()
    {
        var stack = await ScalerStack.CreateAsync(moto);

        var run = await stack.RunAsync("status", "--file-system-id", "fs-0000000000000dead", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.ActionFailed, run.ToString());
        Assert.Equal("ClickHouseFileSystemNotFoundException", run.JsonRoot.GetProperty("error").GetString());
        Assert.Contains("fs-0000000000000dead", run.JsonRoot.GetProperty("message").GetString());
    }

    private Task CreateScheduleAsync(string name, string expression, string timeZone, string functionArn, string action, string state) =>
        new MotoSeedRequests(moto.Endpoint).CreateScheduleAsync(name, expression, timeZone, functionArn, action, state);
}
