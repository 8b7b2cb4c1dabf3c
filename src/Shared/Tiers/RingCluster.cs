using Akka.Actor;
using Akka.Hosting;
using Aggregator.Shared.Hosting;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The ring member's side of its ActorSystem: where the ring's Akka.Cluster (issue 12 point 2:
/// remoting on the member's cluster-port, seed nodes from the topology, sharding by site) is set up.
/// Until the cluster lands every member runs the local provider, and the ring is held together by the
/// topology's static or DNS membership (<see cref="RingView"/>).
/// </summary>
internal static class RingCluster
{
    public static void Configure(AkkaConfigurationBuilder builder, NodeContext node, IServiceProvider provider) =>
        builder.WithActorRefProvider(ProviderSelection.Local.Instance);
}
