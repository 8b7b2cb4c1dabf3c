using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Http;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// <c>POST /api/v1/write</c> of either tier, under the node's limits (the body size is the figure Kestrel
/// also has), with its counters on /metrics.
/// </summary>
internal static class RemoteWriteReceiver
{
    public const string Path = "/api/v1/write";

    public static void Map(IEndpointRouteBuilder endpoints, NodeContext node, Func<WriteBatch, CancellationToken, ValueTask> sink)
    {
        var services = endpoints.ServiceProvider;
        var siteLabel = node.Topology.SiteLabel;
        endpoints.MapRemoteWrite(Path, sink, node.Node.Limits.ForRemoteWrite(),
            new RemoteWriteReceiverMetrics(services.GetRequiredService<MetricsRegistry>()),
            services.GetRequiredService<TimeProvider>(), node.Topology.Server.BodyReadTimeout,
            (context, batch) => WriteRights.Check(WriterScope.Of(context), batch, siteLabel));
    }

    /// <summary>
    /// Each site's series limit (0: none), which the ring's site entities enforce: a site node's own
    /// <c>limits.series-per-site</c> when the topology has it, this node's otherwise (a site unknown to the topology).
    /// </summary>
    public static Func<string, long> SeriesLimitOf(NodeContext node)
    {
        var bySite = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var site in node.Topology.Nodes.Where(n => n.Role == NodeRole.Node))
        {
            bySite.TryAdd(site.Site, site.Limits.SeriesPerSite);
        }
        long own = node.Node.Limits.SeriesPerSite;
        return site => bySite.GetValueOrDefault(site, own);
    }
}
