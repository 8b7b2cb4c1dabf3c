using Aggregator.Shared.Federation;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// An Aggregator ring member: receives remote-write into its store (the shards it owns), runs the
/// ring's rule groups, serves the merged global <c>/federate</c> by fan-out, its own part on
/// <c>/federate/local</c>, and drills down into a site on <c>/sites/{site}/federate</c>.
/// </summary>
internal sealed class GlobalTierComponent : INodeComponent
{
    private static readonly TimeSpan FanOutTimeout = TimeSpan.FromSeconds(10);

    public bool AppliesTo(NodeContext node) => node.Role == NodeRole.Aggregator;

    public void ConfigureServices(IServiceCollection services, NodeContext node) => TierServices.AddTier(services, node);

    public void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node)
    {
        var services = endpoints.ServiceProvider;
        var store = services.GetRequiredService<SeriesStore>();
        _ = services.GetRequiredService<SeriesStoreSweeper>();
        var time = services.GetRequiredService<TimeProvider>();
        var options = new FederationOptions { Lookback = node.Topology.Lookback, MaxMatchers = node.Node.Limits.MatchPerRequest };

        endpoints.MapFederate(new SeriesStoreFederationSource(store), options, time, FanOutFederationSource.LocalPath);
        endpoints.MapFederate(new FanOutFederationSource(store, node.Node, services.GetRequiredService<OwnRing>().View, node.Topology.Security, time, FanOutTimeout), options, time);
        var activity = services.GetRequiredService<SiteActivity>();
        var upstream = services.GetRequiredService<UpstreamHolder>();
        var limiter = RemoteWriteReceiver.Limiter(node);
        RemoteWriteReceiver.Map(endpoints, node, (batch, _) => StoreWrites.Receive(store, activity, upstream, limiter, node.Topology.SiteLabel, batch));
        SiteDrillDown.Map(endpoints, node.Topology, TierHttp.CreateClient(node.Topology.Security, TimeSpan.FromMinutes(2)));
    }
}
