using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Cluster;

/// <summary>
/// A ring of in-process members on 127.0.0.1, each its own ActorSystem with its own store, configured
/// by <see cref="ClusterHocon"/> with short failure detection so that a killed member is downed in seconds.
/// </summary>
internal sealed class TestRing : IAsyncDisposable
{
    public const string SiteLabel = "site";

    private const string SystemName = "global";

    /// <summary>Short downing for tests; Terminate drops the member without leaving, as a kill does.</summary>
    private const string TestOverrides = """
        akka.loglevel = WARNING
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.coordinated-shutdown.terminate-actor-system = off
        akka.cluster.run-coordinated-shutdown-when-down = off
        akka.cluster.gossip-interval = 300ms
        akka.cluster.leader-actions-interval = 300ms
        akka.cluster.distributed-data.gossip-interval = 500ms
        """;

    private readonly RingConfig _ring;
    private readonly SecurityConfig _security;
    private readonly long _seriesPerSite;
    private readonly List<NodeConfig> _nodes;
    private readonly string _extraConfig;

    /// <summary>A ring of <paramref name="members"/>; <paramref name="extraConfig"/> is Akka configuration over the generated one (e.g. to hold back pubsub gossip).</summary>
    public TestRing(int members, long seriesPerSite = 1_000_000, int shards = 16, SecurityConfig? security = null, string extraConfig = "")
    {
        _extraConfig = extraConfig;
        _security = security ?? SecurityConfig.None;
        _seriesPerSite = seriesPerSite;
        _nodes = [.. Enumerable.Range(0, members).Select(i => new NodeConfig
        {
            Id = $"agg-{i}",
            Role = NodeRole.Aggregator,
            Url = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"),
            Listen = new Uri("http://127.0.0.1:1"),
            Ring = "global",
            Site = $"agg-{i}",
            RuleFiles = [],
            Sources = [],
            ClusterPort = FreeTcpPort.Next(),
        })];
        _ring = new RingConfig
        {
            Name = "global",
            Shards = shards,
            ReplicationFactor = 1,
            Members = [.. _nodes.Select(n => n.Id)],
            RuleFiles = [],
            Akka = new RingAkkaSettings
            {
                StableAfter = TimeSpan.FromSeconds(2),
                HeartbeatInterval = TimeSpan.FromMilliseconds(300),
                AcceptableHeartbeatPause = TimeSpan.FromSeconds(2),
                RetryUnsuccessfulJoinAfter = TimeSpan.FromSeconds(1),
            },
        };
        Members = new TestMember?[members];
    }

    public TestMember?[] Members { get; }

    public List<(string Site, int Count)> Refusals { get; } = [];

    /// <summary>Sites whose snapshot a member's view asked for again after a gap in their changes.</summary>
    public List<string> Resyncs { get; } = [];

    /// <summary>Starts member <paramref name="index"/>; every member lists all as seeds (the first seed that answers lets it join).</summary>
    public TestMember Start(int index) => StartWith(index, _security);

    /// <summary>Starts member <paramref name="index"/> with its own <paramref name="security"/> (e.g. a certificate the ring does not trust).</summary>
    public TestMember StartWith(int index, SecurityConfig security)
    {
        var node = _nodes[index];
        // Note: the first listed seed forms the cluster alone; the others join it, as a StatefulSet's pod 0 does.
        var seeds = ClusterHocon.StaticSeeds(new TopologyConfig
        {
            SourceFile = "t.hocon", SiteLabel = SiteLabel, Lookback = TimeSpan.FromMinutes(5),
            Rings = [_ring], Nodes = _nodes, Security = SecurityConfig.None,
        }, _ring);
        var text = ClusterHocon.Build(_ring, node, "127.0.0.1", seeds, security.ServesTls, SystemName);
        var config = (_extraConfig.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(_extraConfig))
            .WithFallback(ConfigurationFactory.ParseString(TestOverrides))
            .WithFallback(ConfigurationFactory.ParseString(text));
        var setup = BootstrapSetup.Create().WithConfig(config);
        var system = RemotingTls.Setup(security, new MetricsRegistry(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance) is { } tls
            ? ActorSystem.Create(SystemName, setup.And(tls))
            : ActorSystem.Create(SystemName, setup);
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) });
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var member = RingMember.Start(system, new RingMemberOptions
        {
            Store = store,
            SiteLabel = SiteLabel,
            Shards = _ring.Shards,
            SeriesLimitOf = _ => _seriesPerSite,
            Lookback = TimeSpan.FromMinutes(5),
            Time = TimeProvider.System,
            AskTimeout = TimeSpan.FromSeconds(5),
            OnReady = () => ready.TrySetResult(),
            OnRefused = (site, n) => { lock (Refusals) { Refusals.Add((site, n)); } },
            OnResync = site => { lock (Resyncs) { Resyncs.Add(site); } },
        });
        return Members[index] = new TestMember(system, store, member, ready.Task);
    }

    /// <summary>Stops a member's system without leaving the cluster: the others see it unreachable and down it.</summary>
    public async Task KillAsync(int index)
    {
        var member = Members[index]!;
        Members[index] = null;
        await member.System.Terminate();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members.OfType<TestMember>())
        {
            await member.System.Terminate();
        }
    }

    /// <summary>A batch of <paramref name="seriesPerSite"/> gauges for each site, all at <paramref name="timestampMs"/>.</summary>
    public static WriteBatch Batch(IEnumerable<string> sites, int seriesPerSite, long timestampMs, double value = 1)
    {
        var series = new List<WriteSeries>();
        foreach (var site in sites)
        {
            for (int i = 0; i < seriesPerSite; i++)
            {
                series.Add(new WriteSeries(LabelSet.Of("__name__", "job:requests:rate5m", "job", $"job-{i}", SiteLabel, site), [new Sample(timestampMs, double.IsNaN(value) ? value : value + i)]));
            }
        }
        return new WriteBatch(series);
    }

    /// <summary>Writes as a Node's forwarder does: again after an unanswered (5xx) attempt, until the ring accepts.</summary>
    public static async Task<int> WriteUntilAcceptedAsync(TestMember member, WriteBatch batch, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        for (int attempt = 1; ; attempt++)
        {
            var outcome = await member.Ring.Writes.WriteAsync(batch, CancellationToken.None);
            if (outcome.Accepted)
            {
                return attempt;
            }
            Assert.True(DateTime.UtcNow < deadline, "the ring still does not answer for " + string.Join(", ", outcome.Unanswered));
            await Task.Delay(500);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(100);
        }
    }
}

internal sealed record TestMember(ActorSystem System, SeriesStore Store, RingMember Ring, Task Ready)
{
    public bool IsUp => Akka.Cluster.Cluster.Get(System).SelfMember.Status == MemberStatus.Up;

    public long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
