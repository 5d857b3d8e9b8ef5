using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Steps;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

/// <summary><c>migration-snapshot</c>: creates the pre-v3 snapshot or, when it exists, reports its status (the wait loop's poll).</summary>
public sealed class MigrationSnapshotHandler(SnapshotStep step)
    : JsonLambdaHandler<SnapshotEvent, SnapshotObservation>(MigrationJsonContext.Default.SnapshotEvent, MigrationJsonContext.Default.SnapshotObservation)
{
    public const string HandlerName = "migration-snapshot";

    public static MigrationSnapshotHandler Create(IEnvironment environment) => new(new SnapshotStep(MigrationServices.FromEnvironment(environment).Database()));

    public override async Task<SnapshotObservation> HandleEventAsync(SnapshotEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        var snapshot = await step.EnsureAsync(input.Database, input.SnapshotIdentifier, input.ExecutionId, cancellationToken).ConfigureAwait(false);
        context.Logger.Info($"Snapshot {snapshot.Identifier} is {snapshot.Status}.", "snapshot");
        return snapshot;
    }
}
