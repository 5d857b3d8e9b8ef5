using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Checks;
using LangfuseLifecycle.Core.Migration.Steps;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

/// <summary><c>migration-preflight</c>: checks everything, changes nothing, returns the plan (the dry run's output).</summary>
/// <param name="v2RecordPrefix">The stack's SSM path the switch records the v2 web under; the plan names the record.</param>
public sealed class MigrationPreflightHandler(PreflightStep step, string v2RecordPrefix = WebConfigurationRecord.DefaultPrefix)
    : JsonLambdaHandler<PreflightEvent, MigrationPlan>(MigrationJsonContext.PreflightEventTypeInfo, MigrationJsonContext.Default.MigrationPlan)
{
    public const string HandlerName = "migration-preflight";

    /// <summary>Set to <c>true</c> by template.yaml when the function runs in the backend's VPC: only then can it test the network path.</summary>
    public const string NetworkPathCheckVariable = "NETWORK_PATH_CHECK";

    public static MigrationPreflightHandler Create(IEnvironment environment)
    {
        var services = MigrationServices.FromEnvironment(environment);
        List<IPreflightCheck> checks = [new SecretReadability(services.Permissions())];
        if (string.Equals(environment.GetVariable(NetworkPathCheckVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            checks.Add(new NetworkPath(services.NetworkPath()));
        }

        var prefix = environment.GetVariable(MigrationServices.V2RecordPrefixVariable);
        return new(new PreflightStep(services.Database(), services.Web(), services.BackendObserver(), services.Executions(), checks),
            string.IsNullOrWhiteSpace(prefix) ? WebConfigurationRecord.DefaultPrefix : prefix);
    }

    public override async Task<MigrationPlan> HandleEventAsync(PreflightEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var execution = new ExecutionIdentity(input.Execution.Name, input.Execution.Id, input.Execution.StateMachineArn, v2RecordPrefix);
        var plan = await step.RunAsync(input.Settings, execution, cancellationToken).ConfigureAwait(false);
        context.Logger.Info($"Preflight passed: {plan.CurrentVersion} → {plan.TargetVersion}, snapshot {plan.SnapshotIdentifier}{(plan.DryRun ? " (dry run)" : "")}.", "preflight");
        return plan;
    }
}
