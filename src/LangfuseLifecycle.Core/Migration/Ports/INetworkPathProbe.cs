namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>Opens a TCP connection to each target (and closes it at once: no protocol is spoken); never throws for an unreachable target.</summary>
public interface INetworkPathProbe
{
    Task<IReadOnlyList<TcpReachability>> ConnectAsync(IReadOnlyList<TcpTarget> targets, CancellationToken cancellationToken);
}

/// <param name="Name">What the target is, for messages ("database", "Redis").</param>
/// <param name="Field">The setting that names it, for the preflight problem.</param>
public sealed record TcpTarget(string Name, string Field, string Host, int Port);

/// <param name="Outcome">How the connection attempt ended.</param>
public sealed record TcpReachability(TcpTarget Target, TcpOutcome Outcome, string Detail)
{
    public bool IsReachable => Outcome == TcpOutcome.Connected;
}

public enum TcpOutcome
{
    /// <summary>The TCP handshake completed.</summary>
    Connected,
    /// <summary>An RST came back: the host is reachable but nothing listens on the port (wrong port or endpoint).</summary>
    Refused,
    /// <summary>No answer within the budget: typically a security group or network ACL dropping the SYN.</summary>
    TimedOut,
    /// <summary>The name does not resolve from here (private hosted zone not associated, typo).</summary>
    Unresolved,
    /// <summary>No route (subnet route tables, no path to that network).</summary>
    Unreachable,
}
