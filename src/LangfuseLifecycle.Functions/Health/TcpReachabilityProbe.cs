using System.Net.Sockets;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Functions.Health;

/// <summary>
/// Opens one TCP connection per target, all at once, each with its own timeout, and closes it as soon as the handshake
/// completes: reachability through the security groups, route tables and ACLs of the function's VPC, nothing more (no
/// TLS, no authentication). DNS failures, refusals, timeouts and missing routes are reported, never thrown.
/// </summary>
public sealed class TcpReachabilityProbe(TimeSpan? connectTimeout = null) : INetworkPathProbe
{
    private readonly TimeSpan timeout = connectTimeout ?? TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<TcpReachability>> ConnectAsync(IReadOnlyList<TcpTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return await Task.WhenAll(targets.Select(target => ConnectOneAsync(target, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<TcpReachability> ConnectOneAsync(TcpTarget target, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, attempt.Token).ConfigureAwait(false);
            return new TcpReachability(target, TcpOutcome.Connected, $"connected to {socket.RemoteEndPoint}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TcpReachability(target, TcpOutcome.TimedOut, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException exception)
        {
            var outcome = exception.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => TcpOutcome.Refused,
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => TcpOutcome.Unresolved,
                SocketError.TimedOut => TcpOutcome.TimedOut,
                _ => TcpOutcome.Unreachable,
            };
            return new TcpReachability(target, outcome, $"{exception.SocketErrorCode}: {exception.Message}");
        }
    }
}
