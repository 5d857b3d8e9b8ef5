using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LangfuseLifecycle.Core.Migration.Ports;
using LangfuseLifecycle.Functions.Health;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Functions.Tests.Health;

/// <summary>TCP reachability against real loopback sockets: a listener, a closed port, and a listener whose backlog is full (SYNs dropped, like a security group).</summary>
public sealed class TcpReachabilityProbeTests
{
    [Fact]
    public async Task ConnectAsync_WhenSomethingListens_ShouldReportConnected()
    {
        // Arrange
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var target = Target(((IPEndPoint)listener.LocalEndpoint).Port);

        // Act
        var result = Assert.Single(await new TcpReachabilityProbe(TestTimeouts.LoopbackAnswer).ConnectAsync([target], CancellationToken.None));

        // Assert
        Assert.Equal(TcpOutcome.Connected, result.Outcome);
        Assert.True(result.IsReachable);
        Assert.Same(target, result.Target);
    }

    [Fact]
    public async Task ConnectAsync_WhenNothingListensOnThePort_ShouldReportRefused()
    {
        // Arrange: a port that was just free.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        // Act
        var result = Assert.Single(await new TcpReachabilityProbe(TestTimeouts.LoopbackAnswer).ConnectAsync([Target(port)], CancellationToken.None));

        // Assert
        Assert.Equal(TcpOutcome.Refused, result.Outcome);
        Assert.False(result.IsReachable);
    }

    [Fact]
    public async Task ConnectAsync_WhenTheSynIsDropped_ShouldReportTimedOutWithinItsBudget()
    {
        // Arrange: backlog 0 and no accept; once the queue is full, Linux drops further SYNs (tcp_abort_on_overflow=0).
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var fill = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                try
                {
                    await filler.ConnectAsync(IPAddress.Loopback, port, fill.Token);
                }
                catch (OperationCanceledException)
                {
                    break; // The queue is full: this SYN was dropped.
                }
            }

            var budget = TimeSpan.FromSeconds(1);
            var started = Stopwatch.StartNew();

            // Act
            var result = Assert.Single(await new TcpReachabilityProbe(budget).ConnectAsync([Target(port)], CancellationToken.None));

            // Assert
            Assert.Equal(TcpOutcome.TimedOut, result.Outcome);
            // The connect timer may fire a few milliseconds before a wall clock read afterwards says a full second passed
            // (measured: 0.99918 s); what matters is that it waited for its budget and not for the OS's own SYN retries.
            Assert.InRange(started.Elapsed, budget - TimeSpan.FromMilliseconds(50), budget + TestTimeouts.LoopbackAnswer);
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }

    [Fact]
    public async Task ConnectAsync_WhenTheNameDoesNotResolve_ShouldReportUnresolved()
    {
        // Act: .invalid never resolves (RFC 2606).
        var result = Assert.Single(await new TcpReachabilityProbe(TestTimeouts.LoopbackAnswer)
            .ConnectAsync([new TcpTarget("Redis", "redisHost", "valkey.langfuse.invalid", 6379)], CancellationToken.None));

        // Assert
        Assert.Equal(TcpOutcome.Unresolved, result.Outcome);
    }

    private static TcpTarget Target(int port) => new("database", "databaseIdentifier", "127.0.0.1", port);
}
