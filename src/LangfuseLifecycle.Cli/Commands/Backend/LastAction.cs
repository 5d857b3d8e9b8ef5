using System.Globalization;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;
using LangfuseLifecycle.Cli.Contracts;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>What status knows about one service: counts, its restore record (tags), ECS's rollout state and newest event.</summary>
public sealed record ServiceObservation(
    string Service,
    int Desired,
    int Running,
    RestoreRecord? Record,
    string? RolloutState,
    string? RolloutStateReason,
    DateTimeOffset? NewestEventAt);

/// <summary>
/// Reads the last sleep or wake and its outcome off the services, with the scheduler's own bookkeeping: a sleep writes
/// a restore record (with its time) on every service it stops; a wake removes it only once the service runs again. So a
/// record beside desired 0 is a sleep, a record beside desired &gt; 0 is a wake still under way (or stuck), and no record
/// beside running tasks is a finished wake. ECS's rollout state tells a failed deployment from a slow one.
/// </summary>
public static class LastAction
{
    public const string Completed = "completed";
    public const string InProgress = "in-progress";
    public const string Failed = "failed";
    public const string Unrecorded = "unrecorded";

    public static LastActionReport? Derive(IReadOnlyList<ServiceObservation> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Count == 0)
        {
            return null;
        }

        var newestEvent = services.Max(s => s.NewestEventAt);
        var failed = services.FirstOrDefault(s => s.Desired > 0 && string.Equals(s.RolloutState, "FAILED", StringComparison.OrdinalIgnoreCase));
        var recorded = services.Where(s => s.Record is not null).ToList();
        var allAtZero = services.All(s => s.Desired == 0);

        if (recorded.Count > 0 && allAtZero)
        {
            var sleptAt = recorded.Select(s => s.Record!.RecordedAt).Where(at => at != DateTimeOffset.MinValue).DefaultIfEmpty().Max();
            var counts = string.Join(", ", recorded.Select(s => $"{s.Service} {s.Record!.DesiredCount}"));
            var stillRunning = services.Sum(s => s.Running);
            return stillRunning == 0
                ? new LastActionReport(SchedulePlanner.Sleep, NullIfUnset(sleptAt), Completed, $"every service at 0 tasks; the next wake restores {counts}")
                : new LastActionReport(SchedulePlanner.Sleep, NullIfUnset(sleptAt), InProgress, $"{Tasks(stillRunning)} still stopping; the next wake restores {counts}");
        }

        if (allAtZero)
        {
            return new LastActionReport(SchedulePlanner.Sleep, newestEvent, Unrecorded, "every service is at 0 tasks but none has a restore record: it was stopped outside the scheduler, so a wake falls back to DEFAULT_DESIRED_COUNT");
        }

        if (failed is not null)
        {
            return new LastActionReport(SchedulePlanner.Wake, newestEvent, Failed, $"{failed.Service}: ECS rollout FAILED{(failed.RolloutStateReason is { } reason ? $" ({reason})" : string.Empty)}");
        }

        var starting = services.Where(s => s.Running < s.Desired || (s.Record is not null && s.Desired > 0)).ToList();
        if (starting.Count > 0)
        {
            return new LastActionReport(
                SchedulePlanner.Wake,
                newestEvent,
                InProgress,
                string.Join("; ", starting.Select(s => $"{s.Service} running {s.Running} of {s.Desired}{(s.Record is not null ? " (restore record kept until it runs)" : string.Empty)}")));
        }

        return new LastActionReport(
            SchedulePlanner.Wake,
            newestEvent,
            Completed,
            "every service runs its desired count and no restore record is left (a wake consumed it, or the backend was never put to sleep)" + (services.Any(s => s.Desired == 0) ? $" (at 0: {string.Join(", ", services.Where(s => s.Desired == 0).Select(s => s.Service))})" : string.Empty));
    }

    private static string Tasks(int count) => count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " task" : " tasks");

    private static DateTimeOffset? NullIfUnset(DateTimeOffset at) => at == default ? null : at;
}
