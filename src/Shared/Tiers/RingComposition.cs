using Akka.Hosting;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Reload;
using Aggregator.Shared.StatusPage;
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
        ReloadComponent.AddServices(services);
        StatusPageComponent.AddServices(services);
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

        endpoints.MapFederate(new SeriesStoreFederationSource(store), options, time, FanOutFederationSource.LocalPath);
        endpoints.MapFederate(new FanOutFederationSource(store, node.Node, services.GetRequiredService<OwnRing>().View, node.Topology.Security, time, FanOutTimeout), options, time);
        var activity = services.GetRequiredService<SiteActivity>();
        var actors = services.GetRequiredService<ActorRegistry>();
        var limiter = RemoteWriteReceiver.Limiter(node);
        // Note: a region ring passes what it receives on to its parent through its forwarder; the top ring has none.
        RemoteWriteReceiver.Map(endpoints, node, (batch, _) =>
            StoreWrites.Receive(store, activity, actors.TryGet<Forwarder>(out var forwarder) ? forwarder : null, limiter, node.Topology.SiteLabel, batch));
        ReloadComponent.MapEndpoints(endpoints);
        SiteDrillDown.Map(endpoints, node.Topology, TierHttp.CreateClient(node.Topology.Security, TimeSpan.FromMinutes(2)));
    }
}
