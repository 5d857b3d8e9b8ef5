namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>A wait stage used up its budget (not the caller's cancellation). Internal to a wake or sleep, which turns it into
/// <see cref="BackendWakeTimeoutException"/> / <see cref="BackendSleepTimeoutException"/> naming the stage.</summary>
public sealed class WaitStageExpiredException(TimeSpan waited, TimeSpan budget, string bound)
    : OperationCanceledException($"waited {waited.TotalSeconds:0.#} s of its {budget.TotalSeconds:0.#} s budget ({bound})")
{
    public TimeSpan Waited { get; } = waited;

    public TimeSpan Budget { get; } = budget;
}
