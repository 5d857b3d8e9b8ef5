namespace LangfuseLifecycle.Core.Scheduling.Ports;

/// <summary>Announces each action (EventBridge, source langfuse.lifecycle). Serialization belongs to the implementation.</summary>
public interface IScalerEventPublisher
{
    Task PublishAsync(ScalerSummary summary, CancellationToken cancellationToken);
}

/// <summary>Used when EVENT_BUS_NAME is empty.</summary>
public sealed class NoEventPublisher : IScalerEventPublisher
{
    public static NoEventPublisher Instance { get; } = new();

    public Task PublishAsync(ScalerSummary summary, CancellationToken cancellationToken) => Task.CompletedTask;
}
