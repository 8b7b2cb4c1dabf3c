using Akka.Hosting;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// A site Node, whole: the site store, the ActorSystem with the site's scrapers, rule groups and
/// forwarder; <c>/federate</c> over the store with the site label as an external label, and
/// <c>POST /api/v1/write</c> so a local Prometheus may push.
/// </summary>
internal static class SiteComposition
{
    public static void AddServices(IServiceCollection services, NodeContext node)
    {
        TierServices.AddTier(services, node);
        ActorSystemHosting.AddActorSystem(services, node, (builder, provider) =>
            builder.WithActors((system, registry) => provider.GetRequiredService<TierActors>().Start(system, registry)));
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node)
    {
        var store = endpoints.ServiceProvider.GetRequiredService<SeriesStore>();
        _ = endpoints.ServiceProvider.GetRequiredService<SeriesStoreSweeper>();
        var options = new FederationOptions
        {
            Lookback = node.Topology.Lookback,
            MaxMatchers = node.Node.Limits.MatchPerRequest,
            ExternalLabels = [new Label(node.Topology.SiteLabel, node.Node.Site)],
        };
        var time = endpoints.ServiceProvider.GetRequiredService<TimeProvider>();
        endpoints.MapFederate(new SeriesStoreFederationSource(store), options, time);
        // Note: compiles the request path's generic code once at start, off the first request (BENCHMARKS.md "Warm-up").
        _ = FederateWarmUp.StartInBackground(options, time, endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FederateWarmUp)));
        // Note: what a local Prometheus pushes goes up through the rules and the forward queue; while that
        // queue's disk refuses writes the writer is told to retry (503) rather than given a 204.
        var forwardQueue = endpoints.ServiceProvider.GetRequiredService<ForwardQueueHealth>();
        RemoteWriteReceiver.Map(endpoints, node, (batch, _) =>
        {
            forwardQueue.ThrowIfRefusing();
            return StoreWrites.Append(store, batch);
        });
    }
}
