using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Polls with one DescribeServices call per round for all services of a stage, and health URLs with one GET per round.
/// Bounded by the caller's token and by the stage's budget (<see cref="WaitSettings.StageBudget"/>: the maximum per stage, or what remains
/// of the invocation minus the time to report); both surface as <see cref="OperationCanceledException"/> for the use case to name, the budget's
/// as <see cref="WaitStageExpiredException"/> saying how long it waited and what bounded it.</summary>
internal sealed class ServiceWaiter(IEcsServicePort ecs, IHealthProbe health, TimeProvider time, WaitSettings wait)
{
    /// <param name="requested">Per service, what the caller asked ECS for (<see cref="ServiceSteadiness.Failure"/>); null compares only rollout states.</param>
    public async Task<TimeSpan> WaitForServicesAsync(
        string cluster, IReadOnlyList<string> services, Func<EcsServiceState, bool> isDone, CancellationToken cancellationToken,
        Func<EcsServiceState, RequestedDeployment?>? requested = null)
    {
        var started = time.GetTimestamp();
        var (budget, bound) = wait.StageBudget(time.GetUtcNow());
        using var stage = StageToken(budget, cancellationToken);
        try
        {
            return await PollServicesAsync(cluster, services, isDone, requested, started, stage.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WaitStageExpiredException(time.GetElapsedTime(started), budget, bound);
        }
    }

    public async Task<TimeSpan> WaitForHealthAsync(Uri url, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (budget, bound) = wait.StageBudget(time.GetUtcNow());
        using var stage = StageToken(budget, cancellationToken);
        try
        {
            while (!(await health.ProbeAsync(url, stage.Token).ConfigureAwait(false)).Healthy)
            {
                await Delay(wait.HealthPollInterval, stage.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WaitStageExpiredException(time.GetElapsedTime(started), budget, bound);
        }

        return time.GetElapsedTime(started);
    }

    private async Task<TimeSpan> PollServicesAsync(
        string cluster, IReadOnlyList<string> services, Func<EcsServiceState, bool> isDone, Func<EcsServiceState, RequestedDeployment?>? requested,
        long started, CancellationToken stageToken)
    {
        while (true)
        {
            var states = await ecs.DescribeServicesAsync(cluster, services, stageToken).ConfigureAwait(false);
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

            await Delay(wait.ServicePollInterval, stageToken).ConfigureAwait(false);
        }
    }

    /// <summary>The stage's timer runs on <paramref name="budget"/> of this waiter's clock, linked to the caller's token.</summary>
    private StageCancellation StageToken(TimeSpan budget, CancellationToken cancellationToken)
    {
        var timer = new CancellationTokenSource(budget, time);
        return new StageCancellation(timer, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token));
    }

    private sealed class StageCancellation(CancellationTokenSource timer, CancellationTokenSource linked) : IDisposable
    {
        public CancellationToken Token => linked.Token;

        public void Dispose()
        {
            linked.Dispose();
            timer.Dispose();
        }
    }

    private async Task Delay(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval > TimeSpan.Zero)
        {
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
