using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Hosting;
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
        endpoints.MapRemoteWrite(Path, sink, node.Node.Limits.ForRemoteWrite(),
            new RemoteWriteReceiverMetrics(services.GetRequiredService<MetricsRegistry>()),
            services.GetRequiredService<TimeProvider>(), node.Topology.Server.BodyReadTimeout);
    }

    /// <summary>
    /// The series limit of each site on this node: a site node's own <c>limits.series-per-site</c> when the
    /// topology has it, this node's otherwise (a site unknown to the topology, or a local push).
    /// </summary>
    public static SiteSeriesLimiter Limiter(NodeContext node)
    {
        var bySite = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var site in node.Topology.Nodes.Where(n => n.Role == NodeRole.Node))
        {
            bySite.TryAdd(site.Site, site.Limits.SeriesPerSite);
        }
        long own = node.Node.Limits.SeriesPerSite;
        return new SiteSeriesLimiter(site => bySite.GetValueOrDefault(site, own), node.Topology.Lookback);
    }
}
