using Akka.Hosting;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// An Aggregator ring member, whole: its store, the ActorSystem (its ring's cluster through
/// <see cref="RingCluster.Configure"/>, and <see cref="TierActors"/>: rule groups, completeness, and a
/// forwarder when the ring has a parent); it receives remote-write into the site entities, serves the
/// global <c>/federate</c> from its own copy of the whole view (<c>/federate/local</c> is an alias), and
/// drills down into a site on <c>/sites/{site}/federate</c>.
/// </summary>
internal static class RingComposition
{
    public static void AddServices(IServiceCollection services, NodeContext node)
    {
        TierServices.AddTier(services, node);
        ActorSystemHosting.AddActorSystem(services, node, (builder, provider) =>
        {
            RingCluster.Configure(builder, node, provider);
            builder.WithActors((system, registry) => provider.GetRequiredService<TierActors>().Start(system, registry));
        });
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node)
    {
        var services = endpoints.ServiceProvider;
        var store = services.GetRequiredService<SeriesStore>();
        _ = services.GetRequiredService<SeriesStoreSweeper>();
        var time = services.GetRequiredService<TimeProvider>();
        var options = new FederationOptions { Lookback = node.Topology.Lookback, MaxMatchers = node.Node.Limits.MatchPerRequest };

        // Note: every member holds the whole view, so /federate answers from the member's own store;
        // /federate/local stays as an alias for scrapers configured before the ring became a cluster.
        var federation = new SeriesStoreFederationSource(store);
        endpoints.MapFederate(federation, options, time);
        endpoints.MapFederate(federation, options, time, "/federate/local");
        // Note: a region ring passes what it receives on to its parent through its forwarder; the top ring has none.
        var receive = new RingReceive(services.GetRequiredService<ActorRegistry>(), node.Topology.SiteLabel,
            services.GetRequiredService<SiteActivity>(), RingMember.DefaultAskTimeout, services.GetRequiredService<ForwardQueueHealth>());
        RemoteWriteReceiver.Map(endpoints, node, receive.ReceiveAsync);
        SiteDrillDown.Map(endpoints, node.Topology, TierHttp.CreateClient(node.Topology.Security, TimeSpan.FromMinutes(2)));
    }
}
