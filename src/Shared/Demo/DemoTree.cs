using Aggregator.Shared.Cluster;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Synthetic;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Demo;

/// <summary>
/// The whole demo tree in one process: synthetic Prometheus-like sources, a site Node per site and a
/// ring of Aggregators, each a full host exactly as the executables run it, started from the
/// topology <see cref="DemoTopology"/> wrote. Disposing stops the Nodes, then the ring, then the sources.
/// </summary>
internal sealed class DemoTree : IAsyncDisposable
{
    private readonly List<SyntheticPrometheus> _sources;
    private readonly List<(NodeConfig Node, WebApplication App)> _hosts;

    private DemoTree(TopologyConfig topology, List<SyntheticPrometheus> sources, List<(NodeConfig, WebApplication)> hosts)
    {
        Topology = topology;
        _sources = sources;
        _hosts = hosts;
    }

    public TopologyConfig Topology { get; }

    public IReadOnlyList<NodeConfig> Aggregators => [.. _hosts.Select(h => h.Node).Where(n => n.Role == NodeRole.Aggregator)];

    public IReadOnlyList<NodeConfig> Sites => [.. _hosts.Select(h => h.Node).Where(n => n.Role == NodeRole.Node)];

    /// <summary>Starts sources, then the ring, then the Nodes (so their first forwards find the ring up).</summary>
    public static async Task<DemoTree> StartAsync(string topologyPath, DemoLayout layout, string dataDirectory, LogLevel logLevel, CancellationToken cancellationToken)
    {
        var loaded = TopologyLoader.Load(topologyPath);
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException("the demo topology is invalid:\n" + string.Join('\n', loaded.Errors));
        }
        var topology = loaded.Topology!;
        var sources = new List<SyntheticPrometheus>();
        var hosts = new List<(NodeConfig, WebApplication)>();
        var tree = new DemoTree(topology, sources, hosts);
        var ringListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            for (int i = 0; i < layout.SourcePorts.Count; i++)
            {
                sources.Add(await SyntheticPrometheus.StartAsync(SourceShape(i), port: layout.SourcePorts[i], cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            // Note: the ring's members all listen before any joins (a seed contacted before it listens is a
            // logged "Connection refused"); the Nodes start once the ring joins, so their first forwards find it.
            var join = new RingJoinGate(ringListening.Task);
            foreach (var node in topology.Nodes.Where(n => n.Role == NodeRole.Aggregator))
            {
                hosts.Add((node, await StartHostAsync(topology, node, dataDirectory, logLevel, join, cancellationToken).ConfigureAwait(false)));
            }
            ringListening.SetResult();
            foreach (var node in topology.Nodes.Where(n => n.Role != NodeRole.Aggregator))
            {
                hosts.Add((node, await StartHostAsync(topology, node, dataDirectory, logLevel, join, cancellationToken).ConfigureAwait(false)));
            }
            return tree;
        }
        catch
        {
            await tree.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<WebApplication> StartHostAsync(TopologyConfig topology, NodeConfig node, string dataDirectory, LogLevel logLevel, RingJoinGate join, CancellationToken cancellationToken)
    {
        var app = NodeHostBuilder.Build(new NodeContext(topology, node), new NodeHostOptions
        {
            DataDirectory = dataDirectory,
            Configure = builder =>
            {
                builder.Logging.SetMinimumLevel(logLevel);
                builder.Services.AddSingleton<IHostLifetime, DemoHostLifetime>();
                builder.Services.AddSingleton(join);
            },
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>
    /// Source i's shape: the two replicas of dc1's HA pair share a seed (so they agree, as replicas
    /// scraping the same targets do); dc2 is bigger; dc3 runs another job whose counters reset.
    /// </summary>
    internal static SyntheticSourceOptions SourceShape(int index) => index switch
    {
        0 or 1 => new SyntheticSourceOptions { Seed = 1, Job = "api", Instances = 4 },
        2 => new SyntheticSourceOptions { Seed = 2, Job = "api", Instances = 6 },
        _ => new SyntheticSourceOptions { Seed = 3, Job = "checkout", Instances = 3, CounterResetPeriod = TimeSpan.FromMinutes(10) },
    };

    /// <summary>
    /// Stops the Nodes first (nothing forwards to a ring that is leaving), then the ring's members one by
    /// one, the youngest first: each leaves the cluster gracefully (CoordinatedShutdown) while the others
    /// still run, and the oldest, which hosts the shard coordinator, goes last, so the coordinator never
    /// moves and no region loses it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var order = _hosts.Where(h => h.Node.Role == NodeRole.Node).Concat(_hosts.Where(h => h.Node.Role != NodeRole.Node).Reverse());
        foreach (var (_, app) in order)
        {
            try
            {
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Note: a host that does not stop in time is disposed anyway; the process is ending.
            }
            await app.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var source in _sources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
