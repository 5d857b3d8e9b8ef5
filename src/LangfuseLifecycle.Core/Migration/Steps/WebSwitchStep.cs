using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Migration.Steps;

/// <summary>
/// Moves the App Runner web between the recorded v2 configuration and the v3 one. Both directions are idempotent:
/// a retried step that finds its update running or done returns that operation instead of starting another.
/// The v2 configuration lives only in <paramref name="records"/>: the switch records it before its first change, Settle
/// and the rollback read it back; no step receives or returns it through the state machine.
/// </summary>
public sealed class WebSwitchStep(IWebService web, IWebConfigurationRecords records)
{
    public const string OperationInProgress = "OPERATION_IN_PROGRESS";

    /// <summary>Marks "nothing had to change": the service already served the wanted configuration.</summary>
    public static WebOperation AlreadyInPlace { get; } = new("none", "NONE", "SUCCEEDED");

    /// <exception cref="WebSwitchFailedException">The service is gone or not RUNNING, or its configuration is too big to record.</exception>
    public async Task<WebOperation> SwitchToV3Async(WebPlan plan, CancellationToken cancellationToken)
    {
        var service = await DescribeAsync(plan.ServiceArn, cancellationToken, message => new WebSwitchFailedException(message)).ConfigureAwait(false);
        if (service.Status == OperationInProgress)
        {
            // Preflight saw RUNNING and refuses concurrent executions: an operation now is the update this step already started.
            return await LatestAsync(plan.ServiceArn, cancellationToken).ConfigureAwait(false);
        }

        // Recorded before any change; a retry finds the first attempt's record (the live web may be v3 by then).
        var v2 = await records.KeepAsync(plan.V2Record, service.Configuration, cancellationToken).ConfigureAwait(false);
        return await MoveToAsync(plan.ServiceArn, service, plan.After(v2), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After Finish: the v3 web without ClickHouse migrations at container start (<see cref="WebPlan.Settled"/>), so
    /// an instance App Runner starts while ClickHouse sleeps does not crash-loop.
    /// </summary>
    public async Task<WebOperation> SettleAsync(WebPlan plan, CancellationToken cancellationToken)
    {
        var service = await DescribeAsync(plan.ServiceArn, cancellationToken, message => new WebSwitchFailedException(message)).ConfigureAwait(false);
        if (service.Status == OperationInProgress)
        {
            return await LatestAsync(plan.ServiceArn, cancellationToken).ConfigureAwait(false);
        }

        var v2 = await records.ReadAsync(plan.V2Record, cancellationToken).ConfigureAwait(false)
            ?? throw new WebSwitchFailedException($"The v2 web configuration the switch records is missing from SSM parameter {plan.V2Record}; the web keeps running v3 with ClickHouse migrations at start. Set {WebV3Configuration.AutoClickHouseMigrationDisabled}=true on the web by hand.");
        return await MoveToAsync(plan.ServiceArn, service, plan.Settled(v2), cancellationToken).ConfigureAwait(false);
    }

    private async Task<WebOperation> MoveToAsync(string serviceArn, WebServiceObservation service, WebConfiguration target, CancellationToken cancellationToken)
    {
        if (service.Configuration.SameAs(target))
        {
            return await LatestAsync(serviceArn, cancellationToken).ConfigureAwait(false);
        }

        if (!service.IsRunning)
        {
            throw new WebSwitchFailedException($"The web service is {service.Status}; App Runner accepts UpdateService only when it is RUNNING.");
        }

        var operationId = await web.UpdateAsync(serviceArn, target, cancellationToken).ConfigureAwait(false);
        return new WebOperation(operationId, "UPDATE_SERVICE", "IN_PROGRESS");
    }

    /// <exception cref="WebServiceBusyException">An operation is still running (App Runner's own rollback, usually); retried by the state machine.</exception>
    public async Task<WebOperation> RollBackAsync(WebRollbackRecord record, CancellationToken cancellationToken)
    {
        var service = await DescribeAsync(record.ServiceArn, cancellationToken, message => new RollbackFailedException(message)).ConfigureAwait(false);
        if (service.Status == OperationInProgress)
        {
            throw new WebServiceBusyException($"App Runner is still running an operation on {service.ServiceName}; the rollback starts when it ends.");
        }

        // The switch records v2 before it changes anything: no record, no change to undo.
        var v2 = await records.ReadAsync(record.V2Record, cancellationToken).ConfigureAwait(false);
        if (v2 is null || service.Configuration.SameAs(v2))
        {
            // App Runner rolls a failed deployment back by itself, and a switch refused up front changed nothing:
            // the v2 configuration is in place. Whether it serves is for the probe that follows to say.
            return AlreadyInPlace;
        }

        if (!service.IsRunning)
        {
            throw new RollbackFailedException($"The web service is {service.Status}; App Runner cannot update it. Restore the recorded v2 configuration by hand.");
        }

        var operationId = await web.UpdateAsync(record.ServiceArn, v2, cancellationToken).ConfigureAwait(false);
        return new WebOperation(operationId, "UPDATE_SERVICE", "IN_PROGRESS");
    }

    public async Task<WebOperation> OperationStatusAsync(string serviceArn, string operationId, CancellationToken cancellationToken)
    {
        if (operationId == AlreadyInPlace.Id)
        {
            return AlreadyInPlace;
        }

        return await web.DescribeOperationAsync(serviceArn, operationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidStepInputException($"operationId: App Runner has no operation '{operationId}' on {serviceArn}.");
    }

    private async Task<WebServiceObservation> DescribeAsync(string serviceArn, CancellationToken cancellationToken, Func<string, Exception> missing) =>
        await web.DescribeAsync(serviceArn, cancellationToken).ConfigureAwait(false)
            ?? throw missing($"App Runner service {serviceArn} no longer exists.");

    private async Task<WebOperation> LatestAsync(string serviceArn, CancellationToken cancellationToken) =>
        await web.LatestOperationAsync(serviceArn, cancellationToken).ConfigureAwait(false) ?? AlreadyInPlace;
}
