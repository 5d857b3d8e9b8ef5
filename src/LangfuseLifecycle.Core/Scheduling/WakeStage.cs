namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Stages of a wake, as named in <see cref="Exceptions.BackendWakeTimeoutException.Stage"/>.</summary>
public static class WakeStage
{
    public const string ReadBackend = "read backend";
    public const string StartClickHouse = "start ClickHouse";
    public const string ClickHouseSteady = "wait for ClickHouse steady";
    public const string ClickHouseHealth = "wait for ClickHouse health";
    public const string StartWorkers = "start workers";
    public const string WorkersSteady = "wait for workers steady";
    public const string WorkerHealth = "wait for worker health";
}
