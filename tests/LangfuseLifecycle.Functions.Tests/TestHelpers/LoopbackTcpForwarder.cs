using System.Net;
using System.Net.Sockets;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// Forwards a fixed loopback port to another one. moto's Step Functions interpreter invokes Lambda on
/// <c>localhost:$MOTO_PORT</c>, a port that must be known before moto_server starts, while MotoServer picks its own port.
/// </summary>
internal sealed class LoopbackTcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private LoopbackTcpForwarder(TcpListener listener, int targetPort)
    {
        _listener = listener;
        _targetPort = targetPort;
        _acceptLoop = AcceptAsync();
    }

    public static LoopbackTcpForwarder Start(int listenPort, int targetPort)
    {
        // moto connects to "localhost", which may resolve to ::1 first; listen on both stacks.
        var listener = new TcpListener(IPAddress.IPv6Any, listenPort);
        listener.Server.DualMode = true;
        listener.Start();
        return new LoopbackTcpForwarder(listener, targetPort);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var target = new TcpClient())
        {
            try
            {
                await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var inbound = client.GetStream();
                var outbound = target.GetStream();
                var up = inbound.CopyToAsync(outbound, _stop.Token);
                var down = outbound.CopyToAsync(inbound, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // A connection closed by either side ends its pipe; nothing else to do.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
