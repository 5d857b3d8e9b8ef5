using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>
/// The scaler's log lines around one action, one JSON line per event: the request as received; then either the failure's
/// metrics, or the skip, one line per service (with its Embedded Metric Format metrics unless a dry run), the warnings and the
/// action's metrics (<see cref="ScalerMetrics"/>).
/// </summary>
internal static class ScalerSummaryLog
{
    public static void Received(LambdaLogger logger, ScalerEvent input)
    {
        logger.Info(
            "Scaler action received.",
            input.Action ?? "(none)",
            new LogField("dry_run", input.DryRun ?? false),
            new LogField("for_hours", input.ForHours),
            new LogField("until", input.Until),
            new LogField("force", input.Force ?? false),
            new LogField("reason", input.Reason));
    }

    /// <summary>The metrics of a failed or refused action; the error itself is logged and returned by the bootstrap.</summary>
    public static void Failed(LambdaLogger logger, ScalerEvent input, Exception exception, string functionName, double seconds)
    {
        var outcome = exception is InvalidScalerRequestException or InvalidScalerConfigurationException ? ScalerOutcome.Refused : ScalerOutcome.Failed;
        logger.Info(
            $"Scaler action {outcome}: {exception.GetType().Name}",
            ScalerMetrics.ActionDimensionValue(input.Action),
            ScalerMetrics.ForAction(functionName, outcome, seconds, 0, 0));
    }

    public static void Finished(LambdaLogger logger, string action, ScalerSummary summary, string functionName, double seconds)
    {
        if (summary.SkipReason is not null)
        {
            logger.Info($"Skipped: {summary.SkipReason}", action, new LogField("outcome", summary.Outcome));
        }

        foreach (var service in summary.Services)
        {
            LogField[] fields =
            [
                new LogField("outcome", summary.Outcome),
                new LogField("ecs_service", service.Service),
                new LogField("role", service.Role),
                new LogField("desired_before", service.DesiredBefore),
                new LogField("desired_after", service.DesiredAfter),
                new LogField("restore_count_recorded", service.RestoreCountRecorded),
                new LogField("restore_count_used", service.RestoreCountUsed),
                new LogField("subnets_changed", service.SubnetsChanged),
                new LogField("seconds_waited", service.SecondsWaited),
            ];
            logger.Info(
                $"{service.Service}: desired {service.DesiredBefore} -> {service.DesiredAfter}",
                action,
                summary.DryRun ? fields : [.. fields, .. ScalerMetrics.ForService(functionName, summary, service)]);
        }

        foreach (var warning in summary.Warnings)
        {
            logger.Warn(warning, action);
        }

        if (!summary.DryRun)
        {
            var changed = summary.Services.Count(service => service.DesiredBefore != service.DesiredAfter);
            logger.Info(
                $"Scaler action {summary.Outcome}.",
                summary.Action,
                ScalerMetrics.ForAction(functionName, summary.Outcome, seconds, summary.SecondsWaited, changed));
        }
    }
}
