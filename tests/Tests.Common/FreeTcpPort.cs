using System.Net;
using System.Net.Sockets;

namespace Aggregator.Tests.Common;

/// <summary>Picks a currently free TCP port on 127.0.0.1 for a process the test starts.</summary>
public static class FreeTcpPort
{
    // Note: below Linux's ephemeral range (32768-60999), so the many outgoing connections of tests running in
    // parallel can never take a port between its pick and its bind; handed out in turn, so no two picks of one
    // test process collide, from a random start, so two test processes rarely do.
    private const int First = 20000;
    private const int Count = 12000;
    private static int _next = Random.Shared.Next(Count);

    /// <summary>A port that was free just now (another process may still take it: retry on bind failure).</summary>
    public static int Next()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
