using System.Globalization;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>The scaler function's use case: validates the request, applies the calendar (holidays, keep-awake, wake-for-hours),
/// runs sleep / wake / status under the backend's lease (status and dry runs need none), and announces the summary.</summary>
public sealed class BackendScaler(
    BackendTopology topology,
    ScalerSettings settings,
    SchedulingPorts ports,
    IScalerEventPublisher? events = null,
    BackendLeaseGuard? lease = null)
{
    private readonly TimeProvider time = ports.Time;
    private readonly ISleepSchedulePort? schedules = ports.Schedules;

    // Undoing what a failed wake wrote, and announcing the failure, run after the caller's token may have fired: each gets a
    // short token of its own.
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(10);

    public async Task<ScalerSummary> HandleAsync(ScalerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        ScalerCommand command;
        try
        {
            command = ScalerRequestValidator.Validate(request, settings, now);
            if (command.ForHours is not null && schedules is null)
            {
                throw new InvalidScalerConfigurationException(
                    "SCALER_FUNCTION_ARN / SCHEDULER_ROLE_ARN", "are not set, so wake-for-hours cannot schedule its sleep", "deploy with the template (it sets both) or wake without forHours");
            }
        }
        catch (Exception exception) when (exception is InvalidScalerRequestException or InvalidScalerConfigurationException)
        {
            await AnnounceErrorAsync(Clip(request.Action ?? "(none)", 40)!, ScalerOutcome.Refused, request.DryRun ?? false, Clip(request.Reason, ScalerRequestValidator.MaxReasonLength), now, exception)
                .ConfigureAwait(false);
            throw;
        }

        ScalerSummary summary;
        try
        {
            summary = command.Action switch
            {
                ScalerAction.Sleep => await LeasedAsync(command, token => SleepAsync(command, token), cancellationToken).ConfigureAwait(false),
                ScalerAction.Wake => await WakeAsync(command, now, cancellationToken).ConfigureAwait(false),
                ScalerAction.KeepAwake => await LeasedAsync(command, token => KeepAwakeAsync(command, token), cancellationToken).ConfigureAwait(false),
                _ => await new BackendStatus(topology, settings, ports).ExecuteAsync(command.Reason, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await AnnounceErrorAsync(command.ActionName, ScalerOutcome.Failed, command.DryRun, command.Reason, now, exception).ConfigureAwait(false);
            throw;
        }

        return await PublishAsync(summary, cancellationToken).ConfigureAwait(false);
    }

    // A refused request is announced with what it sent, cut to sizes an event and a notification carry.
    private static string? Clip(string? text, int length) => text is null ? null : NotificationText.MakeSafe(text.Length > length ? text[..length] : text);

    /// <summary>The error still fails the invocation (Lambda's error metric, async retry, destination); the event is what a person reads.</summary>
    private async Task AnnounceErrorAsync(
        string action, string outcome, bool dryRun, string? reason, DateTimeOffset startedAt, Exception exception)
    {
        if (events is null || dryRun)
        {
            return;
        }

        var summary = new ScalerSummary
        {
            Action = action,
            Outcome = outcome,
            // Always present: the notification text has a line for it.
            Reason = reason ?? "(none given)",
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
            Error = ErrorSummary.From(exception),
        };
        // A wake that ran out of time fails when the caller's token may already have fired: the announcement gets a short
        // token of its own, or the notification of exactly the failures that matter would never be sent.
        using var announceTimeout = new CancellationTokenSource(UndoTimeout, time);
        try
        {
            await events.PublishAsync(summary, announceTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The original error is what the caller must see; a lost announcement must not replace it.
        }
    }

    private Task<ScalerSummary> SleepAsync(ScalerCommand command, CancellationToken cancellationToken) =>
        new SleepBackend(topology, ports, settings.Wait)
            .ExecuteAsync(new SleepOptions(command.DryRun, command.Reason, command.Force, EndsKeepAwake: command.EndsKeepAwake), cancellationToken);

    private async Task<ScalerSummary> WakeAsync(ScalerCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An explicit duration is an operator's intent, like force: only the plain scheduled wake honours holidays.
        if (!command.Force && command.ForHours is null && settings.Holidays.IsHoliday(now, settings.TimeZone))
        {
            var localDate = ScheduleTimeZone.LocalDate(now, settings.TimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new ScalerSummary
            {
                Action = command.ActionName,
                Outcome = ScalerOutcome.Skipped,
                DryRun = command.DryRun,
                Reason = command.Reason,
                SkipReason = $"{localDate} is a holiday in {settings.TimeZone.Id} (HOLIDAYS); send force: true to wake anyway",
                StartedAt = now,
                FinishedAt = time.GetUtcNow(),
            };
        }

        return await LeasedAsync(command, token => WakeNowAsync(command, now, token), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ScalerSummary> WakeNowAsync(ScalerCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (command.ForHours is not { } duration)
        {
            return await Wake(command).ExecuteAsync(new WakeOptions(command.DryRun, command.Reason), cancellationToken).ConfigureAwait(false);
        }

        var sleepAt = OneTimeScheduleName.RoundUpToMinute(now + duration);
        // The sleep carries the keep-awake it ends: both expire at sleepAt, and a schedule delivered a moment early (Scheduler's and
        // Lambda's clocks differ) would otherwise see its own keep-awake still active, report a skip, and leave the backend up all night.
        var schedule = new OneTimeSchedule(
            OneTimeScheduleName.For(settings.OneTimeScheduleNamePrefix, sleepAt), sleepAt, "sleep", $"wake-for-hours {duration.TotalHours:0.##} h ended" + (command.Reason is null ? "" : $": {command.Reason}"),
            EndsKeepAwake: sleepAt);
        var keepAwake = new KeepAwakeRequest(sleepAt, schedule.Reason, ExtendOnly: true);

        // The sleep is scheduled once every check that can refuse the wake has passed and before anything starts, so a refused wake
        // leaves no schedule and every successful wake-for-hours is sure to end. A wake that fails later removes the schedule it created.
        var created = false;
        var options = new WakeOptions(command.DryRun, command.Reason, KeepAwake: keepAwake, BeforeFirstChange: async token =>
        {
            created = await schedules!.CreateAsync(schedule, token).ConfigureAwait(false);
        });
        ScalerSummary summary;
        try
        {
            summary = await Wake(command).ExecuteAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (created)
        {
            await DeleteScheduleQuietlyAsync(schedule.Name).ConfigureAwait(false);
            throw;
        }

        return summary with { Overrides = new OverrideSummary(sleepAt, schedule.Reason, true, [schedule], false, settings.TimeZone.Id) };
    }

    private async Task<ScalerSummary> KeepAwakeAsync(ScalerCommand command, CancellationToken cancellationToken)
    {
        var until = command.Until!.Value;
        var summary = await Wake(command)
            .ExecuteAsync(new WakeOptions(command.DryRun, command.Reason, KeepAwake: new KeepAwakeRequest(until, command.Reason ?? "keep-awake", ExtendOnly: false)), cancellationToken)
            .ConfigureAwait(false);
        return summary with { Action = command.ActionName, Overrides = new OverrideSummary(until, command.Reason, true, [], false, settings.TimeZone.Id) };
    }

    private Task<ScalerSummary> LeasedAsync(ScalerCommand command, Func<CancellationToken, Task<ScalerSummary>> action, CancellationToken cancellationToken) =>
        lease is null || command.DryRun
            ? action(cancellationToken)
            : lease.RunAsync(BackendLeaseGuard.KeyOf(topology), command.ActionName, action, cancellationToken);

    private async Task DeleteScheduleQuietlyAsync(string name)
    {
        using var timeout = new CancellationTokenSource(UndoTimeout, time);
        try
        {
            await schedules!.DeleteAsync(name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The wake's own error is what the caller must see; a one-time sleep left behind only puts the backend to sleep at its time.
        }
    }

    private WakeBackend Wake(ScalerCommand command) => new(topology, ports, settings.Wait);

    private async Task<ScalerSummary> PublishAsync(ScalerSummary summary, CancellationToken cancellationToken)
    {
        if (events is null || summary.DryRun)
        {
            return summary;
        }

        try
        {
            await events.PublishAsync(summary, cancellationToken).ConfigureAwait(false);
            return summary;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The backend already changed; failing the invocation now would make a retry repeat the action for the sake of a notification.
            return summary with { Warnings = [.. summary.Warnings, $"event not published: {exception.GetType().Name}: {exception.Message}"] };
        }
    }
}
