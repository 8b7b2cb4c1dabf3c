using System.Net;
using System.Net.Sockets;

namespace Aggregator.Shared.Demo;

/// <summary>
/// Where each process of the demo tree listens on 127.0.0.1. With a base port the layout is fixed and
/// easy to remember (sources at base+1.., site Nodes at base+101.., Aggregators at base+201..); with
/// base port 0 every port is one the OS reported free.
/// </summary>
internal sealed record DemoLayout(IReadOnlyList<int> SourcePorts, IReadOnlyList<int> NodePorts, IReadOnlyList<int> AggregatorPorts, IReadOnlyList<int> ClusterPorts)
{
    public const int DefaultBasePort = 19000;

    /// <summary>Sites dc1..dc3; dc1 is polled from an HA pair, so there are four sources.</summary>
    public static readonly IReadOnlyList<string> Sites = ["dc1", "dc2", "dc3"];

    public const int SourceCount = 4;

    public const int AggregatorCount = 3;

    public static DemoLayout Create(int basePort)
    {
        if (basePort == 0)
        {
            var free = FreePorts(SourceCount + Sites.Count + 2 * AggregatorCount).ToArray();
            return new DemoLayout(free[..SourceCount], free[SourceCount..(SourceCount + Sites.Count)],
                free[(SourceCount + Sites.Count)..^AggregatorCount], free[^AggregatorCount..]);
        }
        return new DemoLayout(
            [.. Enumerable.Range(basePort + 1, SourceCount)],
            [.. Enumerable.Range(basePort + 101, Sites.Count)],
            [.. Enumerable.Range(basePort + 201, AggregatorCount)],
            [.. Enumerable.Range(basePort + 301, AggregatorCount)]);
    }

    /// <summary>Every port, for a check that none is taken before anything starts.</summary>
    public IEnumerable<int> All => SourcePorts.Concat(NodePorts).Concat(AggregatorPorts).Concat(ClusterPorts);

    /// <summary>The first port of <see cref="All"/> that something else already listens on, or null.</summary>
    public int? FirstBusyPort()
    {
        foreach (int port in All)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException)
            {
                return port;
            }
        }
        return null;
    }

    private static List<int> FreePorts(int count)
    {
        // Note: all listeners stay open until every port is picked, so the OS cannot hand one out twice.
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
