using Akka.Actor;
using Akka.Cluster;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// Which member of a ring speaks for it upward: the oldest Up member. Every member evaluates the
/// ring's rules over the same whole view, so only one of them should forward the results to the
/// parent ring; when it leaves, the next oldest takes over at its next evaluation.
/// </summary>
internal static class RingSeniority
{
    /// <summary>True when this system is the oldest Up member of its cluster (or holds no cluster at all).</summary>
    public static bool IsOldest(ActorSystem system)
    {
        if (((ExtendedActorSystem)system).Provider is not IClusterActorRefProvider)
        {
            return true;
        }
        var cluster = Akka.Cluster.Cluster.Get(system);
        Member? oldest = null;
        foreach (var member in cluster.State.Members)
        {
            if (member.Status == MemberStatus.Up && (oldest is null || member.IsOlderThan(oldest)))
            {
                oldest = member;
            }
        }
        return oldest is not null && oldest.Address == cluster.SelfAddress;
    }
}
