using System.Net;
using System.Net.Sockets;
using Akka.Hosting;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// A ring member's side of its ActorSystem: the ring's Akka.Cluster (remoting on the member's
/// cluster-port, seed nodes from the topology, keep-majority downing, mutual TLS when the topology
/// sets it), the shard region of site entities and the member's <see cref="GlobalView"/>, registered in
/// the <see cref="IActorRegistry"/> for the endpoints. <c>/-/ready</c> waits until the view holds every known site.
/// </summary>
internal static class RingCluster
{
    public static void Configure(AkkaConfigurationBuilder builder, NodeContext node, IServiceProvider provider)
    {
        var ring = node.Ring!;
        var publicHost = PublicHost(node, ring);
        var seeds = ring.Dns is null ? ClusterHocon.StaticSeeds(node.Topology, ring) : DnsSeeds(ring, node.Node.ClusterPort, publicHost);
        var security = node.Topology.Security;
        var systemName = ActorSystemHosting.SystemName(node);
        // Note: a gated member starts with no seed nodes (so it joins nothing) and joins them once the gate opens.
        var gate = provider.GetService<RingJoinGate>();
        builder.AddHocon(ClusterHocon.Build(ring, node.Node, publicHost, gate is null ? seeds : [], security.ServesTls, systemName), HoconAddMode.Prepend);
        var remotingLog = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RemotingTls));
        if (RemotingTls.Setup(security, provider.GetRequiredService<MetricsRegistry>(), remotingLog) is { } tls)
        {
            builder.AddSetup(tls);
        }

        var hold = provider.GetRequiredService<ReadinessGate>().Hold("ring view loading (cluster Up, every known site held)");
        var activity = provider.GetRequiredService<SiteActivity>();
        var refused = provider.GetRequiredService<MetricsRegistry>().Counter("aggregator_ring_series_refused_total",
            "Series a site's entity refused because the site reached the ring's series-per-site limit.", "site");
        var resyncs = provider.GetRequiredService<MetricsRegistry>().Counter("aggregator_ring_view_resyncs_total",
            "Snapshots of a site this member's view asked for again because a change was missing from the site's sequence (lost on the way, healed by the snapshot).", "site");
        builder.WithActors((system, registry) =>
        {
            var member = RingMember.Start(system, new RingMemberOptions
            {
                Store = provider.GetRequiredService<SeriesStore>(),
                SiteLabel = node.Topology.SiteLabel,
                Shards = ring.Shards,
                SeriesLimitOf = RemoteWriteReceiver.SeriesLimitOf(node),
                Lookback = node.Topology.Lookback,
                Time = provider.GetRequiredService<TimeProvider>(),
                OnRefused = (site, n) => refused.WithLabels(site).Inc(n),
                OnSiteSeen = (site, lastSeenMs, _) => activity.Stamp(site, lastSeenMs),
                OnResync = site => resyncs.WithLabels(site).Inc(),
                OnReady = hold.Dispose,
            });
            registry.Register<RingMember>(member.View);
            registry.Register<SiteEntity>(member.Region);
            if (gate is not null)
            {
                var addresses = seeds.Select(e => Akka.Actor.Address.Parse(ClusterHocon.SeedAddress(e, security.ServesTls, systemName))).ToList();
                gate.Opened.ContinueWith(_ => Akka.Cluster.Cluster.Get(system).JoinSeedNodes(addresses), TaskScheduler.Default);
            }
        });
    }

    /// <summary>The host other members reach this one at: its url's host; an address for a DNS ring, whose seeds are addresses.</summary>
    private static string PublicHost(NodeContext node, RingConfig ring)
    {
        var host = node.Node.Url.Host.Trim('[', ']');
        if (ring.Dns is null || IPAddress.TryParse(host, out _))
        {
            return host;
        }
        var addresses = Dns.GetHostAddresses(host);
        return (addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0]).ToString();
    }

    /// <summary>A DNS ring's seeds: the DNS name's addresses (of this member's family) at the cluster port, sorted so every member lists the same first seed.</summary>
    private static IReadOnlyList<string> DnsSeeds(RingConfig ring, int clusterPort, string publicHost)
    {
        var dns = ring.Dns!;
        var host = dns[..dns.LastIndexOf(':')];
        var family = IPAddress.Parse(publicHost).AddressFamily;
        var addresses = Dns.GetHostAddresses(host).Where(a => a.AddressFamily == family).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        if (!addresses.Contains(publicHost))
        {
            // Note: a pod not yet published in the headless Service still seeds itself, so the first member can form the ring.
            addresses.Add(publicHost);
        }
        return [.. addresses.Select(a => ClusterHocon.Endpoint(a, clusterPort))];
    }
}
