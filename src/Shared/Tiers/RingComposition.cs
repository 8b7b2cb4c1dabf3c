using Akka.Hosting;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// An Aggregator ring member, whole: its store, the ActorSystem (its ring's cluster through
/// <see cref="RingCluster.Configure"/>, and <see cref="TierActors"/>: rule groups, completeness, and a
/// forwarder when the ring has a parent); it receives remote-write, serves the global <c>/federate</c> (and its own part on
/// <c>/federate/local</c>), and drills down into a site on <c>/sites/{site}/federate</c>.
/// </summary>
internal static class RingComposition
{
    private static readonly TimeSpan FanOutTimeout = TimeSpan.FromSeconds(10);

    public static void AddServices(IServiceCollection services, NodeContext node)
    {
        TierServices.AddTier(services, node);
        ActorSystemHosting.AddActorSystem(services, node, (builder, provider) =>
        {
            RingCluster.Configure(builder, node, provider);
            builder.WithActors((system, registry) => TierActors.Start(system, registry, provider, node));
        });
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node)
    {
        var services = endpoints.ServiceProvider;
        var store = services.GetRequiredService<SeriesStore>();
        _ = services.GetRequiredService<SeriesStoreSweeper>();
        var time = services.GetRequiredService<TimeProvider>();
        var options = new FederationOptions { Lookback = node.Topology.Lookback };

        endpoints.MapFederate(new SeriesStoreFederationSource(store), options, time, FanOutFederationSource.LocalPath);
        endpoints.MapFederate(new FanOutFederationSource(store, node.Node, services.GetRequiredService<OwnRing>().View, node.Topology.Security, time, FanOutTimeout), options, time);
        var activity = services.GetRequiredService<SiteActivity>();
        var actors = services.GetRequiredService<ActorRegistry>();
        // Note: a region ring passes what it receives on to its parent through its forwarder; the top ring has none.
        endpoints.MapRemoteWrite("/api/v1/write", (batch, _) =>
            StoreWrites.Receive(store, activity, actors.TryGet<Forwarder>(out var forwarder) ? forwarder : null, batch));
        SiteDrillDown.Map(endpoints, node.Topology, TierHttp.CreateClient(node.Topology.Security, TimeSpan.FromMinutes(2)));
    }
}
