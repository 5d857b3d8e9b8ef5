using System.Text.Json;
using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.DynamoDB;
using LangfuseLifecycle.Aws.EventBridge;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Scheduler;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Functions.Configuration;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>Handler <c>scaler</c>: event → <see cref="BackendScaler"/> → summary. Clients are built once per sandbox.</summary>
public sealed class ScalerHandler : JsonLambdaHandler<ScalerEvent, ScalerSummary>
{
    public const string HandlerName = "scaler";

    private readonly ScalerConfiguration configuration;
    private readonly TimeProvider time;
    private readonly IEcsServicePort ecs;
    private readonly IScalableTargetPort scalableTargets;
    private readonly IFileSystemPort fileSystems;
    private readonly ISubnetPort subnets;
    private readonly IHealthProbe health;
    private readonly IAmazonScheduler scheduler;
    private readonly IScalerEventPublisher? events;
    private readonly IBackendLease? lease;
    private SleepScheduleAdapter? scheduleAdapter;
    private string? scheduleAdapterFunctionArn;

    public ScalerHandler(ScalerConfiguration configuration, AwsClientConfig aws, TimeProvider time, IHealthProbe? health = null)
        : base(ScalerJsonContext.Default.ScalerEvent, ScalerJsonContext.Default.ScalerSummary)
    {
        this.configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        ArgumentNullException.ThrowIfNull(aws);
        this.time = time;
        var adapters = new SchedulerAdapters(aws);
        ecs = adapters.Ecs;
        scalableTargets = adapters.ScalableTargets;
        fileSystems = adapters.FileSystems;
        subnets = adapters.Subnets;
        this.health = health ?? SchedulerAdapters.Health();
        scheduler = new AmazonSchedulerClient(aws);
        events = configuration.EventBusName is { } bus
            ? new ScalerEventPublisher(new AmazonEventBridgeClient(aws), bus, summary => JsonSerializer.Serialize(summary, ScalerJsonContext.Default.ScalerSummary))
            : null;
        lease = configuration.LeaseTableName is { } table ? new DynamoDbBackendLease(new AmazonDynamoDBClient(aws), table) : null;
    }

    /// <summary>The registry's factory: configuration errors surface as init errors naming the variable.</summary>
    public static ScalerHandler Create(IEnvironment environment) =>
        new(ScalerConfiguration.FromEnvironment(environment), AwsClientConfig.FromEnvironment(environment.GetVariable), TimeProvider.System);

    private static readonly IReadOnlyList<string> EventMembers = StrictJsonMembers.Of(ScalerJsonContext.Default.ScalerEvent);

    /// <summary>Strict: an unknown member (names are case-sensitive) or a repeated key is refused before any AWS call, so a
    /// misspelled <c>dryRun</c> never runs a real action.</summary>
    public override ScalerEvent DeserializeEvent(ReadOnlyMemory<byte> payload)
    {
        if (StrictJsonMembers.FindProblem(payload.Span, EventMembers) is { } problem)
        {
            throw new InvalidScalerRequestException(problem.Member, problem.Problem, $"send only the scaler event's members, each once and spelled exactly: {problem.Known}");
        }

        return base.DeserializeEvent(payload);
    }

    public override async Task<ScalerSummary> HandleEventAsync(ScalerEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var action = input.Action ?? "(none)";
        context.Logger.Info(
            "Scaler action received.",
            action,
            new LogField("dry_run", input.DryRun ?? false),
            new LogField("for_hours", input.ForHours),
            new LogField("until", input.Until),
            new LogField("force", input.Force ?? false),
            new LogField("reason", input.Reason));

        var functionName = ScalerMetrics.FunctionName(context.InvokedFunctionArn);
        var startedAt = time.GetTimestamp();
        ScalerSummary summary;
        try
        {
            summary = await CreateScaler(context.InvokedFunctionArn, context.Deadline, context.RequestId)
                .HandleAsync(new ScalerRequest(input.Action, input.DryRun, input.ForHours, input.Reason, input.Until, input.Force, input.EndsKeepAwake), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && input.DryRun is not true)
        {
            // The metrics of a failed or refused action; the error itself is logged and returned by the bootstrap.
            var outcome = exception is InvalidScalerRequestException or InvalidScalerConfigurationException ? ScalerOutcome.Refused : ScalerOutcome.Failed;
            context.Logger.Info(
                $"Scaler action {outcome}: {exception.GetType().Name}",
                ScalerMetrics.ActionDimensionValue(input.Action),
                ScalerMetrics.ForAction(functionName, outcome, time.GetElapsedTime(startedAt).TotalSeconds, 0, 0));
            throw;
        }

        if (summary.SkipReason is not null)
        {
            context.Logger.Info($"Skipped: {summary.SkipReason}", action, new LogField("outcome", summary.Outcome));
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
            context.Logger.Info(
                $"{service.Service}: desired {service.DesiredBefore} -> {service.DesiredAfter}",
                action,
                summary.DryRun ? fields : [.. fields, .. ScalerMetrics.ForService(functionName, summary, service)]);
        }

        foreach (var warning in summary.Warnings)
        {
            context.Logger.Warn(warning, action);
        }

        if (!summary.DryRun)
        {
            var changed = summary.Services.Count(service => service.DesiredBefore != service.DesiredAfter);
            context.Logger.Info(
                $"Scaler action {summary.Outcome}.",
                summary.Action,
                ScalerMetrics.ForAction(functionName, summary.Outcome, time.GetElapsedTime(startedAt).TotalSeconds, summary.SecondsWaited, changed));
        }

        return summary;
    }

    /// <param name="deadline">The invocation's deadline: every wait stage is budgeted from what remains of it.</param>
    private BackendScaler CreateScaler(string invokedFunctionArn, DateTimeOffset deadline, string requestId)
    {
        var functionArn = configuration.FunctionArn ?? UnqualifiedArn(invokedFunctionArn);
        ISleepSchedulePort? schedules = null;
        if (configuration.SchedulerRoleArn is { } role && !string.IsNullOrEmpty(functionArn))
        {
            // Kept per sandbox so the schedule group's existence is checked once, at the first action that needs it.
            if (scheduleAdapter is null || scheduleAdapterFunctionArn != functionArn)
            {
                scheduleAdapter = new SleepScheduleAdapter(scheduler, configuration.ScheduleGroup, functionArn, role);
                scheduleAdapterFunctionArn = functionArn;
            }

            schedules = scheduleAdapter;
        }

        var settings = configuration.Settings with { Wait = configuration.Settings.Wait with { Deadline = deadline } };
        var guard = lease is null ? null : new BackendLeaseGuard(lease, time, LeaseSettings.Default, $"request {requestId}");
        return new BackendScaler(configuration.Topology, settings, ecs, scalableTargets, fileSystems, subnets, health, time, schedules, events, guard);
    }

    /// <summary>arn:aws:lambda:region:account:function:name[:qualifier] → without the qualifier, so the one-time sleep runs $LATEST like the schedules.</summary>
    private static string UnqualifiedArn(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 7 ? string.Join(':', parts.Take(7)) : arn;
    }
}
