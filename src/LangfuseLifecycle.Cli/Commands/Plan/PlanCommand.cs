using LangfuseLifecycle.Cli.Commands.Cost;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Core.Scheduling.Planning;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Plan;

/// <summary>
/// <c>plan</c>: what the sleep/wake schedules will do day by day (<see cref="SchedulePlanner"/>), with holidays, DST
/// shifts and awake hours; with a deployment, also the live state, keep-awake override and one-time sleeps.
/// </summary>
public sealed class PlanCommand(CliContext context) : AsyncCommand<PlanSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, PlanSettings settings, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        Deployment? deployment = settings.Stack is not null ? await Deployment.ResolveAsync(settings, context, cancellationToken).ConfigureAwait(false) : null;
        var schedule = ScheduleSource.Resolve(settings, deployment, context.GetVariable, notes);
        var from = settings.From is { } date
            ? SchedulePlanner.LocalMidnight(DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), schedule.TimeZone)
            : context.Time.GetUtcNow();
        var plan = SchedulePlanner.Plan(schedule, from, settings.Days);
        if (settings.Json)
        {
            JsonOutput.Write(context, plan, json => json.SchedulePlan);
        }
        else
        {
            PlanRenderer.Render(context.Console, plan);
        }

        return ExitCodes.Ok;
    }
}
