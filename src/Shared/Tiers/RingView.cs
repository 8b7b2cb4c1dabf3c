using System.Globalization;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The members of the ring a site Node forwards to, as it sees them now: fixed for a
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
            ? new Snapshot(topology.MembersOf(ring))
            : ToSnapshot(dns.Current);
        if (dns is not null)
        {
            dns.Changed += ring => { Volatile.Write(ref _current, ToSnapshot(ring)); Changed?.Invoke(); };
        }
    }

    public string Name => _ring.Name;

    public bool IsDns => _dns is not null;

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
        return new Snapshot(members);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dns is not null)
        {
            await _dns.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Snapshot(IReadOnlyList<NodeConfig> Members);
}
