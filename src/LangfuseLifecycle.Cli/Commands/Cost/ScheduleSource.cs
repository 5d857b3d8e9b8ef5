using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Scheduler;
using LangfuseLifecycle.Cli.Commands.Backend;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Core.Cost.Schedule;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Cli.Contracts;

namespace LangfuseLifecycle.Cli.Commands.Cost;

/// <summary>The recurring schedule a command reasons about, where it came from, and the deployed schedules it was read from.</summary>
/// <param name="Source">flags, deployed schedules, stack, environment or defaults (joined when the values came from several).</param>
public sealed record ResolvedSchedule(SleepWakeSchedule Schedule, string Source, IReadOnlyList<DeployedSchedule> Deployed)
{
    /// <summary>A deployed recurring schedule for <paramref name="action"/> exists and none of them is ENABLED (ScheduleState=DISABLED).</summary>
    public bool IsDisabled(string action) =>
        Deployed.Any(s => s.Action == action) && !Deployed.Any(s => s.Action == action && s.Enabled);

    /// <summary>The actions <see cref="SchedulePlanner"/> must show as skipped.</summary>
    public IReadOnlySet<string> DisabledActions => new[] { SchedulePlanner.Wake, SchedulePlanner.Sleep }.Where(IsDisabled).ToHashSet();
}

/// <summary>
/// The sleep/wake schedule: flags, then the deployed EventBridge Scheduler schedules that invoke the scaler function,
/// then the stack's parameters, then the environment, then the template's defaults.
/// </summary>
public static class ScheduleSource
{
    public const string DefaultWake = "cron(0 8 ? * MON-FRI *)";
    public const string DefaultSleep = "cron(0 20 ? * MON-FRI *)";
    public const string DefaultTimeZone = "Asia/Tokyo";

    /// <summary>Without AWS calls: flags, stack, environment, defaults.</summary>
    public static SleepWakeSchedule Resolve(BackendSettings settings, Deployment? deployment, Func<string, string?> getVariable, List<string> notes) =>
        Build(settings, deployment, getVariable, notes, []).Schedule;

    /// <summary>
    /// Reads the deployed schedules first when the scaler function is known (stack output ScalerFunctionArn, --function or
    /// SCALER_FUNCTION_ARN): what EventBridge Scheduler will really run, including a DISABLED state. A denied or failed
    /// read is a note, not an error: the stack's parameters describe the same schedules as deployed.
    /// </summary>
    public static async Task<ResolvedSchedule> ResolveDeployedAsync(
        BackendSettings settings, Deployment? deployment, Func<string, string?> getVariable, List<string> notes, string? functionFlag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notes);
        IReadOnlyList<DeployedSchedule> deployed = [];
        if (deployment?.Get(DeploymentSetting.ScalerFunctionArn, functionFlag) is { } function)
        {
            try
            {
                deployed = await new DeployedScheduleReader(new AmazonSchedulerClient(deployment.Aws)).ReadAsync(function, cancellationToken).ConfigureAwait(false);
                if (deployed.Count == 0)
                {
                    notes.Add($"no recurring EventBridge Scheduler schedule invokes {function}: the schedule below is the configured one");
                }
            }
            catch (AwsServiceException exception)
            {
                notes.Add($"could not read the deployed schedules ({exception.ErrorCode}; needs scheduler:ListSchedules and scheduler:GetSchedule): the schedule below is the configured one");
            }
        }

        return Build(settings, deployment, getVariable, notes, deployed);
    }

    private static ResolvedSchedule Build(BackendSettings settings, Deployment? deployment, Func<string, string?> getVariable, List<string> notes, IReadOnlyList<DeployedSchedule> deployed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(notes);
        var configuredSource = deployment?.StackName is not null ? "stack" : "environment";
        var sources = new List<string>();
        string Pick(string? flag, string? fromDeployed, DeploymentSetting setting, string fallback)
        {
            var (value, source) = flag is not null ? (flag, "flags")
                : fromDeployed is not null ? (fromDeployed, "deployed schedules")
                : Configured(setting) is { } configured ? (configured, configuredSource)
                : (fallback, "defaults");
            if (!sources.Contains(source))
            {
                sources.Add(source);
            }

            return value;
        }

        string? Configured(DeploymentSetting setting) =>
            deployment is not null ? deployment.Get(setting) : (string.IsNullOrWhiteSpace(getVariable(setting.Variable)) ? null : getVariable(setting.Variable)!.Trim());

        var deployedWake = Deployed(deployed, SchedulePlanner.Wake);
        var deployedSleep = Deployed(deployed, SchedulePlanner.Sleep);
        var wake = Pick(settings.WakeCron, deployedWake?.Expression, DeploymentSetting.WakeExpression, DefaultWake);
        var sleep = Pick(settings.SleepCron, deployedSleep?.Expression, DeploymentSetting.SleepExpression, DefaultSleep);
        var timeZone = Pick(settings.TimeZone, deployedWake?.TimeZone ?? deployedSleep?.TimeZone, DeploymentSetting.TimeZone, DefaultTimeZone);
        var holidays = ParseHolidays(settings.Holidays, Configured(DeploymentSetting.Holidays));
        var source = string.Join(" + ", sources);
        notes.Add($"schedule: wake {wake}, sleep {sleep}, {timeZone}" + (holidays.Count > 0 ? $", {holidays.Count} holiday(s)" : string.Empty) + $" (from {source})");
        var resolved = new ResolvedSchedule(SleepWakeSchedule.Create(wake, sleep, timeZone, holidays), source, deployed);
        foreach (var action in new[] { SchedulePlanner.Wake, SchedulePlanner.Sleep }.Where(resolved.IsDisabled))
        {
            notes.Add($"the recurring {action} schedule is DISABLED (stack parameter ScheduleState): it does not run");
        }

        return resolved;
    }

    private static DeployedSchedule? Deployed(IReadOnlyList<DeployedSchedule> deployed, string action) =>
        deployed.Where(s => s.Action == action).OrderByDescending(s => s.Enabled).FirstOrDefault();

    /// <summary>The scaler's own holiday rules (HolidayCalendar), so plan and cost accept exactly what the deployed function does.</summary>
    private static IReadOnlyCollection<DateOnly> ParseHolidays(string? flag, string? configured)
    {
        try
        {
            return HolidayCalendar.Parse(flag ?? configured).Dates;
        }
        catch (InvalidScalerConfigurationException exception)
        {
            throw new CliUsageException($"{(flag is not null ? "--holidays" : "the deployment's Holidays")}: {exception.Message}");
        }
    }
}
