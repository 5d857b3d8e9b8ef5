using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

public static class ScalerOutcome
{
    public const string Completed = "completed";
    public const string Skipped = "skipped";
    public const string Planned = "planned";
    public const string Reported = "reported";

    /// <summary>The action started and threw: the backend may be half-changed (the error says where it stopped).</summary>
    public const string Failed = "failed";

    /// <summary>The request or the function's settings were invalid: nothing was changed.</summary>
    public const string Refused = "refused";
}

public static class ServiceRole
{
    public const string ClickHouse = "clickhouse";
    public const string Worker = "worker";
}

/// <summary>The result of every scaler action (also the EventBridge event detail).</summary>
public sealed record ScalerSummary
{
    public required string Action { get; init; }

    /// <summary>completed, skipped, planned (dry run) or reported (status).</summary>
    public required string Outcome { get; init; }

    public bool DryRun { get; init; }

    public string? Reason { get; init; }

    public string? SkipReason { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public double SecondsWaited { get; init; }

    public IReadOnlyList<ServiceSummary> Services { get; init; } = [];

    public PlacementSummary? ClickHousePlacement { get; init; }

    public OverrideSummary? Overrides { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Failed and refused actions only: what went wrong and how to fix it.</summary>
    public ErrorSummary? Error { get; init; }
}

/// <summary>An error as the scaler announces it: <paramref name="Type"/> is the exception class name (the Lambda error type),
/// <paramref name="Fix"/> the part of the message after "Fix:" (or <see cref="NoFixGiven"/>). Message and fix are
/// <see cref="NotificationText"/>-safe.</summary>
public sealed record ErrorSummary(string Type, string Message, string Fix)
{
    /// <summary>The fix of an error whose message names none (notifications always have a fix line).</summary>
    public const string NoFixGiven = "none given: read the scaler's log for this request, then run the action again";

    private const string FixMarker = "Fix: ";

    public static ErrorSummary From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = NotificationText.MakeSafe(exception.Message);
        var at = message.LastIndexOf(FixMarker, StringComparison.Ordinal);
        return at < 0
            ? new ErrorSummary(exception.GetType().Name, message, NoFixGiven)
            : new ErrorSummary(exception.GetType().Name, message[..at].TrimEnd(' ', '.') + ".", message[(at + FixMarker.Length)..].Trim());
    }
}

public sealed record ServiceSummary
{
    /// <summary>A service this action leaves as it is: its counts, its restore record's count and its capacity, before = after.</summary>
    public static ServiceSummary Unchanged(Ports.EcsServiceState service, string role, CapacityRange? capacity)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new ServiceSummary
        {
            Service = service.ServiceName,
            Role = role,
            DesiredBefore = service.DesiredCount,
            DesiredAfter = service.DesiredCount,
            RunningCount = service.RunningCount,
            PendingCount = service.PendingCount,
            RestoreCountRecorded = RestoreRecord.FromTags(service.Tags)?.DesiredCount,
            CapacityBefore = capacity,
            CapacityAfter = capacity,
        };
    }

    public required string Service { get; init; }

    public required string Role { get; init; }

    public int DesiredBefore { get; init; }

    public int DesiredAfter { get; init; }

    public int RunningCount { get; init; }

    public int PendingCount { get; init; }

    /// <summary>The count the restore record holds after this action (sleep writes it, status reads it).</summary>
    public int? RestoreCountRecorded { get; init; }

    /// <summary>The count a wake restored (from the record, the current count, or the default).</summary>
    public int? RestoreCountUsed { get; init; }

    /// <summary>Where the wake's count came from: record, current or default.</summary>
    public string? RestoreSource { get; init; }

    public CapacityRange? CapacityBefore { get; init; }

    public CapacityRange? CapacityAfter { get; init; }

    public CapacityRange? RecordedCapacity { get; init; }

    public IReadOnlyList<string>? SubnetsBefore { get; init; }

    public IReadOnlyList<string>? SubnetsAfter { get; init; }

    public bool SubnetsChanged { get; init; }

    public DeploymentLimits? DeploymentLimitsBefore { get; init; }

    public DeploymentLimits? DeploymentLimitsAfter { get; init; }

    public string? TaskDefinitionAfter { get; init; }

    public double SecondsWaited { get; init; }

    /// <summary>Wake only: when the sleep that this wake ends recorded the service's count (its restore record's time).</summary>
    public DateTimeOffset? AsleepSince { get; init; }

    /// <summary>Status only: one deployment and running == desired.</summary>
    public bool? Steady { get; init; }
}

public sealed record PlacementSummary(
    string FileSystemId,
    IReadOnlyList<string> AllowedZones,
    IReadOnlyList<string> InZoneSubnets,
    IReadOnlyList<string> OutOfZoneSubnets,
    bool Pinned);

public sealed record OverrideSummary(
    DateTimeOffset? KeepAwakeUntil = null,
    string? KeepAwakeReason = null,
    bool KeepAwakeActive = false,
    IReadOnlyList<OneTimeSchedule>? OneTimeSchedules = null,
    bool HolidayToday = false,
    string TimeZone = "UTC");
