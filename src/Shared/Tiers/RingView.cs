using System.Globalization;
using System.Net.NetworkInformation;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The members of one ring as this process sees them now, and their shard placement: fixed for a
/// ring that lists node ids, re-resolved from DNS (the A records of a headless Service) for a ring
/// with <c>dns = "host:port"</c>, whose members are then <c>ip:port</c> reached over the scheme this
/// tree serves (https when the topology configures TLS).
/// </summary>
internal sealed class RingView : IAsyncDisposable
{
    /// <summary>How often a DNS ring's name is resolved again.</summary>
    public static readonly TimeSpan DnsRefresh = TimeSpan.FromSeconds(30);

    private readonly TopologyConfig _topology;
    private readonly RingConfig _ring;
    private readonly DnsMembership? _dns;
    private Snapshot _current;

    private RingView(TopologyConfig topology, RingConfig ring, DnsMembership? dns)
    {
        _topology = topology;
        _ring = ring;
        _dns = dns;
        _current = dns is null
            ? new Snapshot(Build(ring.Members.Where(m => topology.FindNode(m) is not null)), topology.MembersOf(ring))
            : ToSnapshot(dns.Current);
        if (dns is not null)
        {
            dns.Changed += ring => { Volatile.Write(ref _current, ToSnapshot(ring)); Changed?.Invoke(); };
        }
    }

    public string Name => _ring.Name;

    public bool IsDns => _dns is not null;

    public ShardRing Ring => Volatile.Read(ref _current).Ring;

    public IReadOnlyList<NodeConfig> Members => Volatile.Read(ref _current).Members;

    /// <summary>Raised (on a timer thread) after DNS gave a different member set.</summary>
    public event Action? Changed;

    public static RingView Create(TopologyConfig topology, RingConfig ring, IDnsResolver resolver, TimeProvider time, TimeSpan refresh)
    {
        if (ring.Dns is not { } dns)
        {
            return new RingView(topology, ring, null);
        }
        int colon = dns.LastIndexOf(':');
        var membership = new DnsMembership(dns[..colon], int.Parse(dns[(colon + 1)..], CultureInfo.InvariantCulture), resolver,
            new ShardRingOptions { ShardCount = ring.Shards, ReplicationFactor = ring.ReplicationFactor, SiteLabel = topology.SiteLabel }, time, refresh);
        return new RingView(topology, ring, membership);
    }

    /// <summary>Resolves a DNS ring once now (a static ring is ready at once).</summary>
    public Task RefreshAsync() => _dns?.RefreshAsync() ?? Task.CompletedTask;

    public NodeConfig? Find(string memberId) => Members.FirstOrDefault(m => m.Id == memberId);

    /// <summary>
    /// This process's member id: its node id in a static ring; in a DNS ring the <c>ip:port</c> whose
    /// address is one of this machine's and whose port is the one it listens on (its node id when none is).
    /// </summary>
    public string SelfId(NodeConfig self)
    {
        if (_dns is null)
        {
            return self.Id;
        }
        var local = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address.ToString())
            .ToHashSet(StringComparer.Ordinal);
        return Members.FirstOrDefault(m => m.Url.Port == self.Listen.Port && local.Contains(m.Url.Host))?.Id ?? self.Id;
    }

    private ShardRing Build(IEnumerable<string> members)
    {
        var list = members.ToList();
        // Note: fewer members than the replication factor place every shard on all of them.
        return ShardRing.Create(list, _ring.Shards, Math.Clamp(_ring.ReplicationFactor, 1, Math.Max(1, list.Count)));
    }

    private Snapshot ToSnapshot(ShardRing dnsRing)
    {
        string scheme = _topology.Security.ServesTls ? "https" : "http";
        var members = dnsRing.Members.Select(id => new NodeConfig
        {
            Id = id,
            Role = NodeRole.Aggregator,
            Url = new Uri($"{scheme}://{id}/"),
            Listen = new Uri($"{scheme}://{id}/"),
            Ring = _ring.Name,
            Site = id,
            RuleFiles = [],
            Sources = [],
        }).ToList();
        return new Snapshot(Build(dnsRing.Members), members);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dns is not null)
        {
            await _dns.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Snapshot(ShardRing Ring, IReadOnlyList<NodeConfig> Members);
}
