using LangfuseLifecycle.Aws.EventBridge;
using LangfuseLifecycle.Aws.EventBridge.Model;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>Puts one event per scaler action on the configured bus: source <c>langfuse.lifecycle</c>, detail = the summary.
/// The JSON of the summary is the caller's (the Functions layer owns the user-facing JSON contract).</summary>
public sealed class ScalerEventPublisher(IAmazonEventBridge eventBridge, string eventBusName, Func<ScalerSummary, string> serializeSummary) : IScalerEventPublisher
{
    public const string Source = "langfuse.lifecycle";
    public const string DetailType = "Langfuse Backend Scaler Action";

    public async Task PublishAsync(ScalerSummary summary, CancellationToken cancellationToken)
    {
        var response = await eventBridge.PutEventsAsync(
            new PutEventsRequest
            {
                Entries =
                [
                    new PutEventsRequestEntry
                    {
                        Source = Source,
                        DetailType = DetailType,
                        Detail = serializeSummary(summary),
                        EventBusName = eventBusName,
                        Time = summary.FinishedAt.UtcDateTime,
                    },
                ],
            },
            cancellationToken).ConfigureAwait(false);

        if (response.FailedEntryCount is > 0)
        {
            var entry = response.Entries?.FirstOrDefault(item => item.ErrorCode is not null);
            throw new InvalidOperationException($"EventBridge rejected the scaler event on bus '{eventBusName}': {entry?.ErrorCode} {entry?.ErrorMessage}");
        }
    }
}
