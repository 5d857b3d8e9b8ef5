using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Cli.Commands.Cost;

/// <summary>The sleep/wake schedule a command reasons about: flags, then the stack, then the environment, then the template's defaults.</summary>
public static class ScheduleSource
{
    public const string DefaultWake = "cron(0 8 ? * MON-FRI *)";
    public const string DefaultSleep = "cron(0 20 ? * MON-FRI *)";
    public const string DefaultTimeZone = "Asia/Tokyo";

    public static SleepWakeSchedule Resolve(BackendSettings settings, Deployment? deployment, Func<string, string?> getVariable, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(notes);
        string? Get(DeploymentSetting setting, string? flag) =>
            deployment is not null ? deployment.Get(setting, flag) : flag ?? (string.IsNullOrWhiteSpace(getVariable(setting.Variable)) ? null : getVariable(setting.Variable));

        var wake = Get(DeploymentSetting.WakeExpression, settings.WakeCron) ?? DefaultWake;
        var sleep = Get(DeploymentSetting.SleepExpression, settings.SleepCron) ?? DefaultSleep;
        var timeZone = Get(DeploymentSetting.TimeZone, settings.TimeZone) ?? DefaultTimeZone;
        var holidays = HolidayText.Parse(Get(DeploymentSetting.Holidays, settings.Holidays));
        notes.Add($"schedule: wake {wake}, sleep {sleep}, {timeZone}" + (holidays.Count > 0 ? $", {holidays.Count} holiday(s)" : string.Empty));
        return SleepWakeSchedule.Create(wake, sleep, timeZone, holidays);
    }
}
