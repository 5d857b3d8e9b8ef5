namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>The event sent to the scaler is invalid. Thrown before any AWS call.</summary>
public sealed class InvalidScalerRequestException(string field, string problem, string fix)
    : SchedulingException($"Invalid scaler request: '{field}' {problem}. Fix: {fix}")
{
    public string Field { get; } = field;
}
