using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.StepFunctions.Model;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Contracts;
using Spectre.Console;

namespace LangfuseLifecycle.Cli.Commands.Migration;

/// <summary>
/// Reads an execution's history (GetExecutionHistory, all pages) and status (DescribeExecution), printing each new phase
/// and failure as it happens, until the execution ends (or once, without follow). Two calls per poll plus history pages.
/// </summary>
public sealed class MigrationFollower(IAmazonStepFunctions stepFunctions, CliContext context, bool printLive)
{
    public async Task<MigrationReport> FollowAsync(string executionArn, bool follow, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var timeline = new MigrationTimeline();
        while (true)
        {
            var execution = await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false);
            var events = await ReadHistoryAsync(executionArn, cancellationToken).ConfigureAwait(false);
            foreach (var entry in timeline.Apply(events))
            {
                Print(entry);
            }

            var status = execution.Status ?? "UNKNOWN";
            if (status != "RUNNING" || !follow)
            {
                return new MigrationReport(
                    executionArn,
                    execution.Name,
                    status,
                    ToOffset(execution.StartDate),
                    ToOffset(execution.StopDate),
                    execution.Input,
                    timeline.Phases(status),
                    execution.Error ?? timeline.Error,
                    execution.Cause ?? timeline.Cause,
                    execution.Output);
            }

            await Task.Delay(pollInterval, context.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<HistoryEvent>> ReadHistoryAsync(string executionArn, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        string? nextToken = null;
        do
        {
            var page = await stepFunctions.GetExecutionHistoryAsync(
                new GetExecutionHistoryRequest { ExecutionArn = executionArn, MaxResults = 1000, NextToken = nextToken, IncludeExecutionData = true },
                cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events ?? []);
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return events;
    }

    private void Print(TimelineEntry entry)
    {
        if (!printLive)
        {
            return;
        }

        var time = entry.At == DateTimeOffset.MinValue ? "--:--:--" : entry.At.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var line = entry.Kind switch
        {
            "phase" => $"[grey]{time}Z[/] [bold blue]▶ {Markup.Escape(entry.Phase)}[/]",
            "step-failed" => $"[grey]{time}Z[/]   [yellow]step failed[/] {Markup.Escape(entry.Text)}",
            "execution-failed" => $"[grey]{time}Z[/] [red]✗ {Markup.Escape(entry.Text)}[/]",
            _ => $"[grey]{time}Z[/] [green]✓ {Markup.Escape(entry.Text)}[/]",
        };
        context.Console.MarkupLine(line);
    }

    private static DateTimeOffset? ToOffset(DateTime? value) =>
        value is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null;
}
