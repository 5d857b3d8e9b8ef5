using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Steps;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

/// <summary><c>migration-switch-web</c>: App Runner to the v3 configuration (or, after Finish, the settled one); returns the operation to wait for.</summary>
public sealed class MigrationSwitchWebHandler(WebSwitchStep step)
    : JsonLambdaHandler<SwitchWebEvent, WebOperationResult>(MigrationJsonContext.Default.SwitchWebEvent, MigrationJsonContext.Default.WebOperationResult)
{
    public const string HandlerName = "migration-switch-web";

    public static MigrationSwitchWebHandler Create(IEnvironment environment) => new(MigrationServices.FromEnvironment(environment).WebSwitch());

    public override async Task<WebOperationResult> HandleEventAsync(SwitchWebEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var operation = input.Settle
            ? await step.SettleAsync(input.Web, cancellationToken).ConfigureAwait(false)
            : await step.SwitchToV3Async(input.Web, cancellationToken).ConfigureAwait(false);
        context.Logger.Info(input.Settle
            ? $"Web settled ({WebV3Configuration.AutoClickHouseMigrationDisabled}=true): operation {operation.Id} {operation.Status}."
            : $"Web switch to {input.Web.Changes.ImageIdentifier} (v2 recorded in {input.Web.V2Record}): operation {operation.Id} {operation.Status}.", input.Settle ? "settle-web" : "switch-web");
        return new WebOperationResult(operation.Id, operation.Status);
    }
}

/// <summary><c>migration-rollback-web</c>: App Runner back to the recorded v2 configuration.</summary>
public sealed class MigrationRollbackWebHandler(WebSwitchStep step)
    : JsonLambdaHandler<RollbackWebEvent, WebOperationResult>(MigrationJsonContext.Default.RollbackWebEvent, MigrationJsonContext.Default.WebOperationResult)
{
    public const string HandlerName = "migration-rollback-web";

    public static MigrationRollbackWebHandler Create(IEnvironment environment) => new(MigrationServices.FromEnvironment(environment).WebSwitch());

    public override async Task<WebOperationResult> HandleEventAsync(RollbackWebEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var operation = await step.RollBackAsync(input.Rollback, cancellationToken).ConfigureAwait(false);
        context.Logger.Info($"Web rollback to the v2 configuration recorded in {input.Rollback.V2Record}: operation {operation.Id} {operation.Status}.", "rollback-web");
        return new WebOperationResult(operation.Id, operation.Status);
    }
}

/// <summary><c>migration-web-operation-status</c>: the status of an App Runner operation (switch or rollback).</summary>
public sealed class MigrationWebOperationStatusHandler(WebSwitchStep step)
    : JsonLambdaHandler<WebOperationStatusEvent, WebOperationResult>(MigrationJsonContext.Default.WebOperationStatusEvent, MigrationJsonContext.Default.WebOperationResult)
{
    public const string HandlerName = "migration-web-operation-status";

    public static MigrationWebOperationStatusHandler Create(IEnvironment environment) => new(MigrationServices.FromEnvironment(environment).WebSwitch());

    public override async Task<WebOperationResult> HandleEventAsync(WebOperationStatusEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var operation = await step.OperationStatusAsync(input.ServiceArn, input.OperationId, cancellationToken).ConfigureAwait(false);
        return new WebOperationResult(operation.Id, operation.Status);
    }
}

/// <summary><c>migration-probe-web</c>: one round of /api/public/health and /api/public/ready on the service URL.</summary>
public sealed class MigrationProbeWebHandler(HealthStep step)
    : JsonLambdaHandler<ProbeWebEvent, HealthProgress>(MigrationJsonContext.Default.ProbeWebEvent, MigrationJsonContext.Default.HealthProgress)
{
    public const string HandlerName = "migration-probe-web";

    public static MigrationProbeWebHandler Create(IEnvironment environment) => new(new HealthStep(MigrationServices.FromEnvironment(environment).Probe()));

    public override async Task<HealthProgress> HandleEventAsync(ProbeWebEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var next = await step.ProbeWebAsync(input.Web.ServiceUrl, input.Limits, input.Progress.ToProgress(), cancellationToken).ConfigureAwait(false);
        context.Logger.Info($"Web probe {next.Attempts}: {next.Verdict} ({next.ConsecutiveSuccesses} in a row): {next.Detail}", "probe-web");
        return next;
    }
}

/// <summary><c>migration-probe-backend</c>: one round of ClickHouse /ping and worker /api/health (the function runs in the backend's VPC).</summary>
public sealed class MigrationProbeBackendHandler(HealthStep step)
    : JsonLambdaHandler<ProbeBackendEvent, HealthProgress>(MigrationJsonContext.Default.ProbeBackendEvent, MigrationJsonContext.Default.HealthProgress)
{
    public const string HandlerName = "migration-probe-backend";

    public static MigrationProbeBackendHandler Create(IEnvironment environment) => new(new HealthStep(MigrationServices.FromEnvironment(environment).Probe()));

    public override async Task<HealthProgress> HandleEventAsync(ProbeBackendEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var next = await step.ProbeBackendAsync(input.Backend, input.Limits, input.Progress.ToProgress(), cancellationToken).ConfigureAwait(false);
        context.Logger.Info($"Backend probe {next.Attempts}: {next.Verdict} ({next.ConsecutiveSuccesses} in a row): {next.Detail}", "probe-backend");
        return next;
    }
}
