using System.Net;
using System.Net.Sockets;

namespace Aggregator.Tests.Common;

/// <summary>Picks a currently free TCP port on 127.0.0.1 for a process the test starts.</summary>
public static class FreeTcpPort
{
    /// <summary>A port the OS reported free just now (another process may still take it: retry on bind failure).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
