namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>Registers a new task-definition revision whose containers get extra environment variables
/// (e.g. LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS=false during a migration). Only needed when a wake applies environment overrides.</summary>
public interface ITaskDefinitionPort
{
    /// <summary>Returns the ARN of the new revision, or <paramref name="taskDefinitionArn"/> itself when every variable already has the requested value.</summary>
    Task<string> RegisterWithEnvironmentAsync(string taskDefinitionArn, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken);
}
