namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>A wake asked for worker environment overrides but no task-definition port was supplied. Thrown before any AWS change.</summary>
public sealed class WorkerEnvironmentOverrideUnavailableException()
    : SchedulingException("Wake options ask for worker environment overrides, but this wake was built without a task-definition port. Fix: construct WakeBackend with an ITaskDefinitionPort.");
