using System.Globalization;
using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Scheduler;
using LangfuseLifecycle.Aws.Scheduler.Model;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>One-time schedules in the scheduler's group that invoke the scaler function with <c>{"action":...,"reason":...}</c>.
/// The first call of a sandbox checks that the group exists (<c>scheduler:GetScheduleGroup</c>), so a wrong <c>SCHEDULE_GROUP</c> is
/// refused as a configuration error before the wake-for-hours changes anything.</summary>
/// <param name="groupName">The stack's schedule group: the function's IAM policy is scoped to it.</param>
/// <param name="functionArn">The scaler function (the schedule's target).</param>
/// <param name="roleArn">The role EventBridge Scheduler assumes to invoke the function.</param>
public sealed class SleepScheduleAdapter(IAmazonScheduler scheduler, string groupName, string functionArn, string roleArn) : ISleepSchedulePort
{
    private const string AtFormat = "yyyy-MM-dd'T'HH:mm:ss";

    private bool groupFound;

    public async Task<bool> CreateAsync(OneTimeSchedule schedule, CancellationToken cancellationToken)
    {
        await EnsureGroupExistsAsync(cancellationToken).ConfigureAwait(false);
        var request = new CreateScheduleRequest
        {
            GroupName = groupName,
            Name = schedule.Name,
            Description = Truncate(schedule.Reason, 512),
            ScheduleExpression = $"at({schedule.At.UtcDateTime.ToString(AtFormat, CultureInfo.InvariantCulture)})",
            ScheduleExpressionTimezone = "UTC",
            FlexibleTimeWindow = new FlexibleTimeWindow { Mode = "OFF" },
            ActionAfterCompletion = "DELETE",
            State = "ENABLED",
            Target = new Target
            {
                Arn = functionArn,
                RoleArn = roleArn,
                Input = Input(schedule),
                RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 3, MaximumEventAgeInSeconds = 3600 },
            },
        };
        try
        {
            await scheduler.CreateScheduleAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ConflictException")
        {
            // The name encodes the action's minute: an existing schedule of that name already does the same thing.
            return false;
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await scheduler.DeleteScheduleAsync(new DeleteScheduleRequest { GroupName = groupName, Name = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.IsNotFound)
        {
            // Already ran (ActionAfterCompletion DELETE) or deleted by hand.
        }
    }

    public async Task<IReadOnlyList<OneTimeSchedule>> ListAsync(string namePrefix, CancellationToken cancellationToken)
    {
        await EnsureGroupExistsAsync(cancellationToken).ConfigureAwait(false);
        var schedules = new List<OneTimeSchedule>();
        var summaries = AwsPaginator.PaginateAsync(
            (nextToken, token) => scheduler.ListSchedulesAsync(
                new ListSchedulesRequest { GroupName = groupName, NamePrefix = namePrefix, NextToken = nextToken }, token),
            page => page.Schedules,
            page => page.NextToken,
            cancellationToken);
        await foreach (var summary in summaries.ConfigureAwait(false))
        {
            if (summary.Name is null || !summary.Name.StartsWith(namePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                var schedule = await scheduler.GetScheduleAsync(new GetScheduleRequest { GroupName = groupName, Name = summary.Name }, cancellationToken).ConfigureAwait(false);
                if (ParseAt(schedule.ScheduleExpression) is { } at)
                {
                    schedules.Add(new OneTimeSchedule(summary.Name, at, ReadAction(schedule.Target?.Input) ?? "unknown", schedule.Description));
                }
            }
            catch (AwsServiceException exception) when (exception.IsNotFound)
            {
                // Ran and deleted itself between the list and the read.
            }
        }

        return [.. schedules.OrderBy(schedule => schedule.At)];
    }

    private async Task EnsureGroupExistsAsync(CancellationToken cancellationToken)
    {
        if (groupFound)
        {
            return;
        }

        try
        {
            await scheduler.GetScheduleGroupAsync(new GetScheduleGroupRequest { Name = groupName }, cancellationToken).ConfigureAwait(false);
            groupFound = true;
        }
        catch (AwsServiceException exception) when (exception.StatusCode == 403 || exception.ErrorCode.StartsWith("AccessDenied", StringComparison.Ordinal))
        {
            // An operator's CLI role may lack scheduler:GetScheduleGroup; the schedule call itself then says whether the group exists.
            groupFound = true;
        }
        catch (AwsServiceException exception) when (exception.IsNotFound)
        {
            throw new InvalidScalerConfigurationException(
                "SCHEDULE_GROUP", $"'{groupName}' is not a schedule group in this account and region", "set it to an existing EventBridge Scheduler group (the template creates the stack's own and sets it), or create that group");
        }
    }

    internal static string Input(OneTimeSchedule schedule)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action", schedule.Action);
            if (schedule.Reason is not null)
            {
                writer.WriteString("reason", Truncate(schedule.Reason, 200));
            }

            if (schedule.EndsKeepAwake is { } endsKeepAwake)
            {
                writer.WriteString("endsKeepAwake", endsKeepAwake.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static DateTimeOffset? ParseAt(string? expression)
    {
        if (expression is null || !expression.StartsWith("at(", StringComparison.Ordinal) || !expression.EndsWith(')'))
        {
            return null;
        }

        return DateTime.TryParseExact(expression[3..^1], AtFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
    }

    private static string? ReadAction(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(input);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String
                ? action.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
