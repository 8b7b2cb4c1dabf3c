using Akka.Cluster.Sharding;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// Entity id = the site; shard = a stable hash of it modulo the ring's <c>shards</c>. Series that
/// carry no site label (e.g. a region ring's own rule results) share one entity, <see cref="NoSite"/>.
/// </summary>
internal sealed class SiteMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public const string NoSite = "_no_site";

    public override string? EntityId(object message) => (message as ISiteMessage)?.Site;
}
