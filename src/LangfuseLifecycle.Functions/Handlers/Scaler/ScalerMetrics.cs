using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>
/// The scaler's CloudWatch metrics, carried by its log lines in Embedded Metric Format (namespace <see cref="Namespace"/>):
/// per action, dimensions function + action; per service, dimensions function + role. The alarms and the dashboard of
/// templates/observability.yaml read these names.
/// </summary>
public static class ScalerMetrics
{
    public const string Namespace = "LangfuseLifecycle";

    /// <summary>The reason the business-hours check schedule sends with action status; only that status reports
    /// <c>WakeOverdue</c> and <c>RunningBelowRestoreCount</c>, so a status asked for at night alarms nobody.</summary>
    public const string BusinessHoursCheckReason = "business-hours check";

    public const string FunctionDimension = "function";
    public const string RoleDimension = "role";

    // The top-level "action" member every scaler log line carries.
    private const string ActionDimension = "action";

    private static readonly HashSet<string> KnownActions = new(StringComparer.Ordinal) { "sleep", "wake", "status", "keep-awake" };

    private static readonly EmbeddedMetricDirective ActionDirective = new(
        Namespace,
        [[FunctionDimension, ActionDimension]],
        [
            new("ActionDurationSeconds", MetricUnit.Seconds),
            new("SecondsWaited", MetricUnit.Seconds),
            new("ServicesChanged", MetricUnit.Count),
            new("ActionCompleted", MetricUnit.Count),
            new("ActionSkipped", MetricUnit.Count),
            new("ActionFailed", MetricUnit.Count),
            new("ActionRefused", MetricUnit.Count),
        ]);

    /// <summary>Actions as the metric dimension names them: an unknown (refused) action is "invalid", so a typo never becomes a new metric.</summary>
    public static string ActionDimensionValue(string? action) => action is not null && KnownActions.Contains(action) ? action : "invalid";

    /// <summary>The fields of the line that ends an action: its duration, what it waited, how many services changed and its outcome as 0/1 counts.</summary>
    public static LogField[] ForAction(string functionName, string outcome, double durationSeconds, double secondsWaited, int servicesChanged) =>
    [
        new("outcome", outcome),
        new(FunctionDimension, functionName),
        new("ActionDurationSeconds", Math.Round(durationSeconds, 3)),
        new("SecondsWaited", Math.Round(secondsWaited, 3)),
        new("ServicesChanged", servicesChanged),
        new("ActionCompleted", outcome == ScalerOutcome.Completed ? 1 : 0),
        new("ActionSkipped", outcome == ScalerOutcome.Skipped ? 1 : 0),
        new("ActionFailed", outcome == ScalerOutcome.Failed ? 1 : 0),
        new("ActionRefused", outcome == ScalerOutcome.Refused ? 1 : 0),
        ActionDirective.ToField(),
    ];

    /// <summary>The metric fields of a service's line: awake 0/1, counts, seconds waited; a wake adds the task-hours the sleep
    /// it ends saved; the business-hours check adds WakeOverdue and RunningBelowRestoreCount.</summary>
    public static LogField[] ForService(string functionName, ScalerSummary summary, ServiceSummary service)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(service);
        var metrics = new List<MetricDefinition>
        {
            new("Awake", MetricUnit.None),
            new("DesiredCount", MetricUnit.Count),
            new("RunningCount", MetricUnit.Count),
            new("ServiceSecondsWaited", MetricUnit.Seconds),
        };
        var fields = new List<LogField>
        {
            new(FunctionDimension, functionName),
            new("Awake", service.DesiredAfter > 0 ? 1 : 0),
            new("DesiredCount", service.DesiredAfter),
            new("RunningCount", service.RunningCount),
            new("ServiceSecondsWaited", service.SecondsWaited),
        };

        if (service.AsleepSince is { } asleepSince && summary.StartedAt > asleepSince)
        {
            metrics.Add(new("AsleepTaskHours", MetricUnit.None));
            fields.Add(new("AsleepTaskHours", Math.Round((summary.StartedAt - asleepSince).TotalHours * service.DesiredAfter, 4)));
        }

        if (summary.Action == "status" && summary.Reason == BusinessHoursCheckReason)
        {
            var holiday = summary.Overrides?.HolidayToday ?? false;
            metrics.Add(new("WakeOverdue", MetricUnit.None));
            metrics.Add(new("RunningBelowRestoreCount", MetricUnit.None));
            fields.Add(new("WakeOverdue", service.DesiredAfter == 0 && !holiday ? 1 : 0));
            fields.Add(new("RunningBelowRestoreCount", service.DesiredAfter > 0 && service.RunningCount < service.DesiredAfter ? 1 : 0));
        }

        fields.Add(new EmbeddedMetricDirective(Namespace, [[FunctionDimension, RoleDimension]], metrics).ToField());
        return [.. fields];
    }

    /// <summary>arn:aws:lambda:region:account:function:name[:qualifier] → name.</summary>
    public static string FunctionName(string invokedFunctionArn)
    {
        var parts = (invokedFunctionArn ?? string.Empty).Split(':');
        return parts.Length > 6 ? parts[6] : invokedFunctionArn ?? string.Empty;
    }
}
