namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>A setting (environment variable) of the scaler is invalid. Thrown before any AWS call.</summary>
public sealed class InvalidScalerConfigurationException(string setting, string problem, string fix)
    : SchedulingException($"Invalid scaler configuration: {setting} {problem}. Fix: {fix}")
{
    public string Setting { get; } = setting;
}
