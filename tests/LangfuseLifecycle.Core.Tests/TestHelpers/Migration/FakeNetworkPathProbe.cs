using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

/// <summary>Every target connects unless <see cref="Outcomes"/> scripts another outcome for its name.</summary>
internal sealed class FakeNetworkPathProbe : INetworkPathProbe
{
    public Dictionary<string, TcpOutcome> Outcomes { get; } = [];
    public List<TcpTarget> Probed { get; } = [];

    public Task<IReadOnlyList<TcpReachability>> ConnectAsync(IReadOnlyList<TcpTarget> targets, CancellationToken cancellationToken)
    {
        Probed.AddRange(targets);
        return Task.FromResult<IReadOnlyList<TcpReachability>>(
            [.. targets.Select(target => new TcpReachability(target, Outcomes.GetValueOrDefault(target.Name, TcpOutcome.Connected), "scripted"))]);
    }
}
