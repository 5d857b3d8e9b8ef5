using System.Globalization;
using LangfuseLifecycle.Core.Scheduling.Exceptions;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Turns a raw request into a command, or throws <see cref="InvalidScalerRequestException"/> naming the field and the fix. Runs before any AWS call.</summary>
public static class ScalerRequestValidator
{
    public const int MaxReasonLength = 200;

    public static ScalerCommand Validate(ScalerRequest request, ScalerSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var action = ParseAction(request.Action);
        var reason = ValidateReason(request.Reason);

        TimeSpan? forHours = null;
        if (request.ForHours is { } hours)
        {
            if (action != ScalerAction.Wake)
            {
                throw new InvalidScalerRequestException("forHours", $"is only valid with action 'wake', not '{request.Action}'", "remove forHours or use {\"action\":\"wake\",\"forHours\":N}");
            }

            if (double.IsNaN(hours) || double.IsInfinity(hours) || hours <= 0 || hours > settings.MaxForHours)
            {
                throw new InvalidScalerRequestException(
                    "forHours", $"is {hours.ToString(CultureInfo.InvariantCulture)}", $"give a number of hours greater than 0 and at most {settings.MaxForHours.ToString(CultureInfo.InvariantCulture)}, e.g. 3 or 0.5");
            }

            // at() schedules have minute resolution: round up so the backend is never put to sleep early.
            forHours = TimeSpan.FromMinutes(Math.Ceiling(hours * 60));
        }

        DateTimeOffset? until = null;
        if (request.Until is not null)
        {
            if (action != ScalerAction.KeepAwake)
            {
                throw new InvalidScalerRequestException("until", $"is only valid with action 'keep-awake', not '{request.Action}'", "use {\"action\":\"keep-awake\",\"until\":\"2026-12-01T22:00\"} or, for a wake, forHours");
            }

            until = ParseUntil(request.Until, settings.TimeZone);
            if (until <= now)
            {
                throw new InvalidScalerRequestException("until", $"'{request.Until}' is in the past", "give a future time; without an offset it is read in the schedule's time zone");
            }

            if (until - now > settings.KeepAwakeLimit)
            {
                throw new InvalidScalerRequestException("until", $"'{request.Until}' is more than {settings.KeepAwakeLimit.TotalDays:0} days away", $"give a time within {settings.KeepAwakeLimit.TotalDays:0} days");
            }
        }
        else if (action == ScalerAction.KeepAwake)
        {
            throw new InvalidScalerRequestException("until", "is missing", "keep-awake needs the time until which scheduled sleeps are skipped, e.g. \"until\":\"2026-12-01T22:00\"");
        }

        if (request.Force == true && action is ScalerAction.Status)
        {
            throw new InvalidScalerRequestException("force", "is not valid with action 'status'", "remove force");
        }

        DateTimeOffset? endsKeepAwake = null;
        if (request.EndsKeepAwake is { } ends)
        {
            if (action != ScalerAction.Sleep)
            {
                throw new InvalidScalerRequestException("endsKeepAwake", $"is only valid with action 'sleep', not '{request.Action}'", "remove endsKeepAwake; only the one-time sleep of a wake-for-hours sends it");
            }

            endsKeepAwake = DateTimeOffset.TryParse(ends, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new InvalidScalerRequestException("endsKeepAwake", $"'{ends}' is not a date-time", "use ISO 8601 UTC, e.g. 2026-12-01T13:00:00Z, or remove it");
        }

        return new ScalerCommand(action, request.DryRun ?? false, forHours, reason, until, request.Force ?? false, endsKeepAwake);
    }

    private static ScalerAction ParseAction(string? action) => action?.Trim().ToLowerInvariant() switch
    {
        null or "" => throw new InvalidScalerRequestException("action", "is missing", "send {\"action\":\"sleep\"}, \"wake\", \"status\" or \"keep-awake\""),
        "sleep" => ScalerAction.Sleep,
        "wake" => ScalerAction.Wake,
        "status" => ScalerAction.Status,
        "keep-awake" or "keepawake" => ScalerAction.KeepAwake,
        _ => throw new InvalidScalerRequestException("action", $"'{action}' is unknown", "use one of sleep, wake, status, keep-awake"),
    };

    private static string? ValidateReason(string? reason)
    {
        if (reason is null)
        {
            return null;
        }

        if (reason.Length > MaxReasonLength)
        {
            throw new InvalidScalerRequestException("reason", $"is {reason.Length} characters long", $"keep it to at most {MaxReasonLength} characters");
        }

        return reason;
    }

    private static DateTimeOffset ParseUntil(string text, TimeZoneInfo timeZone)
    {
        var trimmed = text.Trim();
        var hasOffset = trimmed.EndsWith('Z') || trimmed.EndsWith('z') || HasNumericOffset(trimmed);
        if (hasOffset && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return withOffset;
        }

        if (!hasOffset && DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (timeZone.IsInvalidTime(unspecified))
            {
                throw new InvalidScalerRequestException("until", $"'{text}' does not exist in {timeZone.Id} (daylight saving gap)", "give a time outside the gap or with an explicit offset");
            }

            // An ambiguous local time (clocks turned back) is read as the later instant: keeping awake longer is the safe side.
            var offset = timeZone.IsAmbiguousTime(unspecified) ? timeZone.GetAmbiguousTimeOffsets(unspecified).Min() : timeZone.GetUtcOffset(unspecified);
            return new DateTimeOffset(unspecified, offset);
        }

        throw new InvalidScalerRequestException("until", $"'{text}' is not a date-time", "use ISO 8601, e.g. 2026-12-01T22:00 (schedule time zone) or 2026-12-01T13:00Z");
    }

    private static bool HasNumericOffset(string text)
    {
        var timeStart = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (timeStart < 0)
        {
            return false;
        }

        var timePart = text[timeStart..];
        return timePart.Contains('+') || timePart.Contains('-');
    }
}
