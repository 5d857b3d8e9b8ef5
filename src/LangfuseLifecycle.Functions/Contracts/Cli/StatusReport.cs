using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Planning;

namespace LangfuseLifecycle.Functions.Contracts.Cli;

/// <summary><c>langfuse-lifecycle status --output json</c>: the scaler's status summary, the next scheduled actions and the last ECS events.</summary>
public sealed record StatusReport(
    ScalerSummary Status,
    PlanEvent? NextWake,
    PlanEvent? NextSleep,
    IReadOnlyList<ServiceEventReport> LastEvents);

/// <summary>The newest ECS service event (what ECS last did or said about the service).</summary>
public sealed record ServiceEventReport(string Service, DateTimeOffset? At, string Message);
