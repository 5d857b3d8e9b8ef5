using System.Text.Json;
using LangfuseLifecycle.Aws.Scheduler;
using LangfuseLifecycle.Aws.Scheduler.Model;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Cli.Contracts;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>
/// Finds the recurring schedules that invoke the scaler function, whatever SAM named them and in whichever group:
/// ListSchedules (every group, all pages), then GetSchedule for each schedule whose target is the function. One-time
/// <c>at(...)</c> schedules are left out (status lists them from the scaler's own summary). Read-only:
/// scheduler:ListSchedules and scheduler:GetSchedule.
/// </summary>
public sealed class DeployedScheduleReader(IAmazonScheduler scheduler)
{
    public async Task<IReadOnlyList<DeployedSchedule>> ReadAsync(string function, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        var found = new List<DeployedSchedule>();
        string? nextToken = null;
        do
        {
            var page = await scheduler.ListSchedulesAsync(new ListSchedulesRequest { NextToken = nextToken, MaxResults = 100 }, cancellationToken).ConfigureAwait(false);
            foreach (var summary in page.Schedules ?? [])
            {
                if (summary.Name is null || !Invokes(summary.Target?.Arn, function))
                {
                    continue;
                }

                var schedule = await scheduler.GetScheduleAsync(new GetScheduleRequest { Name = summary.Name, GroupName = summary.GroupName }, cancellationToken).ConfigureAwait(false);
                if (schedule.ScheduleExpression is not { } expression || expression.StartsWith("at(", StringComparison.Ordinal) || ActionOf(schedule.Target?.Input) is not { } action)
                {
                    continue;
                }

                found.Add(new DeployedSchedule(
                    summary.Name,
                    schedule.GroupName ?? summary.GroupName ?? "default",
                    action,
                    expression,
                    schedule.ScheduleExpressionTimezone ?? "UTC",
                    schedule.State ?? summary.State ?? "ENABLED"));
            }

            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return found;
    }

    /// <summary>The target is the function itself, one of its versions or aliases, or (given a bare name) a function of that name.</summary>
    internal static bool Invokes(string? targetArn, string function)
    {
        if (string.IsNullOrEmpty(targetArn))
        {
            return false;
        }

        if (function.StartsWith("arn:", StringComparison.Ordinal))
        {
            return targetArn == function || targetArn.StartsWith(function + ":", StringComparison.Ordinal);
        }

        var marker = ":function:" + function;
        var index = targetArn.IndexOf(marker, StringComparison.Ordinal);
        return index >= 0 && (targetArn.Length == index + marker.Length || targetArn[index + marker.Length] == ':');
    }

    /// <summary>The scaler event's action in the schedule's input (<c>{"action":"wake",...}</c>); null when it is not a wake or sleep.</summary>
    internal static string? ActionOf(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(input);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("action", out var action)
                && action.GetString() is SchedulePlanner.Wake or SchedulePlanner.Sleep
                    ? action.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
