using Akka.Actor;
using Akka.DistributedData;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// The sites the ring has ever had an entity for, replicated to every member (Akka.DistributedData):
/// a member that joins knows which sites it must hold before it turns ready.
/// </summary>
internal static class KnownSites
{
    public static readonly ORSetKey<string> Key = new("aggregator-known-sites");

    /// <summary>Adds <paramref name="site"/> locally; the replicator's answer goes to the calling actor.</summary>
    public static void Add(IActorContext context, string site)
    {
        var cluster = Akka.Cluster.Cluster.Get(context.System);
        var update = Dsl.Update(Key, ORSet<string>.Empty, WriteLocal.Instance, set => set.Add(cluster.SelfUniqueAddress, site));
        DistributedData.Get(context.System).Replicator.Tell(update, context.Self);
    }
}
