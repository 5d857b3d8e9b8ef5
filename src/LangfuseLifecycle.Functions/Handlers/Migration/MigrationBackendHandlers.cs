using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.DynamoDB;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;
using LangfuseLifecycle.Core.Migration.Steps;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Functions.Configuration;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

/// <summary>Builds the Backend phase's step on the scheduler's adapters (the same ones the scaler function uses).</summary>
internal static class MigrationBackendFactory
{
    public static BackendStep Create(IEnvironment environment)
    {
        var aws = MigrationServices.FromEnvironment(environment).Aws;
        var adapters = new SchedulerAdapters(aws);
        return new BackendStep(new SchedulerBackend(
            adapters.Ports(SchedulerAdapters.Health(), TimeProvider.System, withTaskDefinitions: true),
            WaitSettings.Default,
            Lease(environment, aws)));
    }

    /// <summary>The same lease as the scaler's, so no scheduled or manual action runs beside a migration step. The holder is named by
    /// function and log stream: the step's request id is not known when the step is built, and the log stream leads to its logs.</summary>
    private static BackendLeaseGuard? Lease(IEnvironment environment, AwsClientConfig aws) =>
        environment.GetVariable(ScalerConfiguration.LeaseTable) is { Length: > 0 } table
            ? new BackendLeaseGuard(
                new DynamoDbBackendLease(new AmazonDynamoDBClient(aws), table),
                TimeProvider.System,
                LeaseSettings.Default,
                $"{environment.GetVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "migration function"} log stream {environment.GetVariable("AWS_LAMBDA_LOG_STREAM_NAME") ?? "unknown"}")
            : null;

    public static BackendComponent Component(string component) => component switch
    {
        "clickhouse" => BackendComponent.ClickHouse,
        "worker" => BackendComponent.Worker,
        _ => throw new InvalidStepInputException($"component: '{component}' is neither clickhouse nor worker."),
    };

    public static string Name(BackendComponent component) => component == BackendComponent.ClickHouse ? "clickhouse" : "worker";
}

/// <summary><c>migration-wake-backend</c>: wakes ClickHouse (EFS AZ, one task, waited until steady) or the worker with background migrations as asked.</summary>
public sealed class MigrationWakeBackendHandler(BackendStep step)
    : JsonLambdaHandler<BackendEvent, BackendComponentResult>(MigrationJsonContext.Default.BackendEvent, MigrationJsonContext.Default.BackendComponentResult)
{
    public const string HandlerName = "migration-wake-backend";

    public static MigrationWakeBackendHandler Create(IEnvironment environment) => new(MigrationBackendFactory.Create(environment));

    public override async Task<BackendComponentResult> HandleEventAsync(BackendEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var component = MigrationBackendFactory.Component(input.Component);
        var status = await step.WakeAsync(input.Backend, component, input.BackgroundMigrations, cancellationToken).ConfigureAwait(false);
        context.Logger.Info($"Woke {input.Component}: {status.Detail}.", "wake-backend");
        return new BackendComponentResult(MigrationBackendFactory.Name(status.Component), status.Steady, status.Detail);
    }
}

/// <summary><c>migration-backend-status</c>: whether ClickHouse or the worker is steady (the wait loop's poll).</summary>
public sealed class MigrationBackendStatusHandler(BackendStep step)
    : JsonLambdaHandler<BackendEvent, BackendComponentResult>(MigrationJsonContext.Default.BackendEvent, MigrationJsonContext.Default.BackendComponentResult)
{
    public const string HandlerName = "migration-backend-status";

    public static MigrationBackendStatusHandler Create(IEnvironment environment) => new(MigrationBackendFactory.Create(environment));

    public override async Task<BackendComponentResult> HandleEventAsync(BackendEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var status = await step.StatusAsync(input.Backend, MigrationBackendFactory.Component(input.Component), cancellationToken).ConfigureAwait(false);
        return new BackendComponentResult(MigrationBackendFactory.Name(status.Component), status.Steady, status.Detail);
    }
}

/// <summary><c>migration-sleep-backend</c>: the scheduler's sleep (worker first, then ClickHouse) when the migration stops before the switch.</summary>
public sealed class MigrationSleepBackendHandler(BackendStep step)
    : JsonLambdaHandler<BackendTargetEvent, DetailResult>(MigrationJsonContext.Default.BackendTargetEvent, MigrationJsonContext.Default.DetailResult)
{
    public const string HandlerName = "migration-sleep-backend";

    public static MigrationSleepBackendHandler Create(IEnvironment environment) => new(MigrationBackendFactory.Create(environment));

    public override async Task<DetailResult> HandleEventAsync(BackendTargetEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        await step.SleepAsync(input.Backend, cancellationToken).ConfigureAwait(false);
        context.Logger.Info("Backend put back to sleep.", "sleep-backend");
        return new DetailResult($"{input.Backend.WorkerService} and {input.Backend.ClickHouseService} asleep");
    }
}

/// <summary><c>migration-enable-background-migrations</c>: LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS=true on the worker once v3 serves.</summary>
public sealed class MigrationEnableBackgroundMigrationsHandler(BackendStep step)
    : JsonLambdaHandler<BackendTargetEvent, DetailResult>(MigrationJsonContext.Default.BackendTargetEvent, MigrationJsonContext.Default.DetailResult)
{
    public const string HandlerName = "migration-enable-background-migrations";

    public static MigrationEnableBackgroundMigrationsHandler Create(IEnvironment environment) => new(MigrationBackendFactory.Create(environment));

    public override async Task<DetailResult> HandleEventAsync(BackendTargetEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        await step.EnableBackgroundMigrationsAsync(input.Backend, cancellationToken).ConfigureAwait(false);
        context.Logger.Info("Background migrations enabled on the worker.", "enable-background-migrations");
        return new DetailResult($"{SchedulerBackend.BackgroundMigrationsVariable}=true on {input.Backend.WorkerService}");
    }
}
