using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Polls with one DescribeServices call per round for all services of a stage, and health URLs with one GET per round.
/// Bounded by the caller's token (the invocation deadline) and by <see cref="WaitSettings.MaxWaitPerStage"/> on <c>time</c> (a fake clock drives it in tests); both surface as <see cref="OperationCanceledException"/> for the use case to name.</summary>
internal sealed class ServiceWaiter(IEcsServicePort ecs, IHealthProbe health, TimeProvider time, WaitSettings wait)
{
    /// <param name="requested">Per service, what the caller asked ECS for (<see cref="ServiceSteadiness.Failure"/>); null compares only rollout states.</param>
    public async Task<TimeSpan> WaitForServicesAsync(
        string cluster, IReadOnlyList<string> services, Func<EcsServiceState, bool> isDone, CancellationToken cancellationToken,
        Func<EcsServiceState, RequestedDeployment?>? requested = null)
    {
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(wait.MaxWaitPerStage, time);
        using var stage = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        while (true)
        {
            var states = await ecs.DescribeServicesAsync(cluster, services, stage.Token).ConfigureAwait(false);
            foreach (var state in states)
            {
                if (ServiceSteadiness.Failure(state, requested?.Invoke(state)) is { } failure)
                {
                    throw new BackendDeploymentFailedException(state.ServiceName, failure);
                }
            }

            if (states.Count == services.Count && states.All(isDone))
            {
                return time.GetElapsedTime(started);
            }

            await Delay(wait.ServicePollInterval, stage.Token).ConfigureAwait(false);
        }
    }

    public async Task<TimeSpan> WaitForHealthAsync(Uri url, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(wait.MaxWaitPerStage, time);
        using var stage = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        while (!await health.IsHealthyAsync(url, stage.Token).ConfigureAwait(false))
        {
            await Delay(wait.HealthPollInterval, stage.Token).ConfigureAwait(false);
        }

        return time.GetElapsedTime(started);
    }

    private async Task Delay(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval > TimeSpan.Zero)
        {
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Zero only reaches here from in-memory fakes (WaitSettings.NoDelay); configuration refuses it for real services.
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
