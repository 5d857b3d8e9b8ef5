namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>
/// What the scheduler's use cases (<see cref="BackendScaler"/>, <see cref="BackendStatus"/>, <see cref="WakeBackend"/>,
/// <see cref="SleepBackend"/> and the migration's <c>SchedulerBackend</c>) reach the backend and the clock through, built once
/// by the caller (the scaler function, the migration's Backend phase, the CLI, a test) instead of passed one by one.
/// </summary>
/// <param name="TaskDefinitions">Only for wakes that start the workers with environment overrides (the migration); without it
/// such a wake fails with <c>WorkerEnvironmentOverrideUnavailableException</c>.</param>
/// <param name="Schedules">One-time sleep schedules (wake-for-hours, status); without it a wake-for-hours is refused.</param>
public sealed record SchedulingPorts(
    IEcsServicePort Ecs,
    IScalableTargetPort ScalableTargets,
    IFileSystemPort FileSystems,
    ISubnetPort Subnets,
    IHealthProbe Health,
    TimeProvider Time,
    ITaskDefinitionPort? TaskDefinitions = null,
    ISleepSchedulePort? Schedules = null);
