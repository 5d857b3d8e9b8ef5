using System.Text.Json;
using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.DynamoDB;
using LangfuseLifecycle.Aws.EventBridge;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Lambda;
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
    private readonly SchedulingPorts ports;
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
        ports = new SchedulerAdapters(aws).Ports(health ?? SchedulerAdapters.Health(), time, withTaskDefinitions: false);
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
        ScalerSummaryLog.Received(context.Logger, input);
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
            ScalerSummaryLog.Failed(context.Logger, input, exception, functionName, time.GetElapsedTime(startedAt).TotalSeconds);
            throw;
        }

        ScalerSummaryLog.Finished(context.Logger, input.Action ?? "(none)", summary, functionName, time.GetElapsedTime(startedAt).TotalSeconds);
        return summary;
    }

    /// <param name="deadline">The invocation's deadline: every wait stage is budgeted from what remains of it.</param>
    private BackendScaler CreateScaler(string invokedFunctionArn, DateTimeOffset deadline, string requestId)
    {
        // Unqualified, so the one-time sleep runs $LATEST like the schedules.
        var functionArn = configuration.FunctionArn ?? LambdaFunctionArn.Unqualified(invokedFunctionArn);
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
        return new BackendScaler(configuration.Topology, settings, ports with { Schedules = schedules }, events, guard);
    }
}
