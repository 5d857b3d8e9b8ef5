using System.Net;
using System.Net.Sockets;

namespace LangfuseLifecycle.Emulation.Net;

/// <summary>Free TCP ports on 127.0.0.1 for servers that must be told their port up front.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// Asks the kernel for an ephemeral port and releases it. Another process may take it before the caller binds,
    /// so every caller retries start-up with a new port when the bind fails.
    /// </summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
