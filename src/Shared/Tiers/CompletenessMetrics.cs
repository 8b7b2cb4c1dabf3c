using Aggregator.Shared.Diagnostics;

namespace Aggregator.Shared.Tiers;

/// <summary>Self-metrics that say whether the global view is whole: sites, shards and members.</summary>
internal sealed class CompletenessMetrics(MetricsRegistry registry)
{
    public Gauge SiteLastSeen { get; } = registry.Gauge("aggregator_site_last_seen_timestamp_seconds", "When this member last received series from the site (unix seconds).", "site");
    public Gauge SiteSeries { get; } = registry.Gauge("aggregator_site_series", "Series of the site this member holds.", "site");
    public Gauge ShardsOwned { get; } = registry.Gauge("aggregator_ring_shards_owned", "Shards of site entities this member's shard region hosts now (a shard is placed once one of its sites writes).", "ring");
    public Gauge MemberUp { get; } = registry.Gauge("aggregator_ring_member_up",
        "1 when the ring member is Up and reachable in this member's Akka.Cluster view of its ring; on a site Node, when the member of the ring it forwards to answered /-/healthy at the last probe.", "ring", "member");
}
