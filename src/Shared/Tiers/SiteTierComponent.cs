using Aggregator.Shared.Federation;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// A site Node: scrapers and rule groups over the site store, <c>/federate</c> over that store with
/// the site label as an external label, and <c>POST /api/v1/write</c> so a local Prometheus may push.
/// </summary>
internal sealed class SiteTierComponent : INodeComponent
{
    public bool AppliesTo(NodeContext node) => node.Role == NodeRole.Node;

    public void ConfigureServices(IServiceCollection services, NodeContext node) => TierServices.AddTier(services, node);

    public void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node)
    {
        var store = endpoints.ServiceProvider.GetRequiredService<SeriesStore>();
        _ = endpoints.ServiceProvider.GetRequiredService<SeriesStoreSweeper>();
        var options = new FederationOptions
        {
            Lookback = node.Topology.Lookback,
            MaxMatchers = node.Node.Limits.MatchPerRequest,
            ExternalLabels = [new Label(node.Topology.SiteLabel, node.Node.Site)],
        };
        endpoints.MapFederate(new SeriesStoreFederationSource(store), options, endpoints.ServiceProvider.GetRequiredService<TimeProvider>());
        RemoteWriteReceiver.Map(endpoints, node, (batch, _) => StoreWrites.Append(store, batch));
    }
}
