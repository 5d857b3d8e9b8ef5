namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>Base of the scheduler's errors. Step Functions and alarms match the concrete class name, never this one.</summary>
public abstract class SchedulingException(string message, Exception? innerException = null) : Exception(message, innerException);
