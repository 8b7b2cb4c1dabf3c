using Aggregator.Shared.Hosting;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Tiers;

/// <summary>The services both tiers share: the series store, its sweeper, and the actor runtime.</summary>
internal static class TierServices
{
    // Note: the window must hold the longest rule range; 5m covers the ranges job-level rules use.
    private static readonly TimeSpan RuleRangeAllowance = TimeSpan.FromMinutes(5);

    public static void AddTier(IServiceCollection services, NodeContext node)
    {
        bool hasRules = node.Role == NodeRole.Node ? node.Node.RuleFiles.Count > 0 : node.Ring?.RuleFiles.Count > 0;
        services.AddSingleton(sp => new SeriesStore(
            new SeriesStoreOptions
            {
                Lookback = node.Topology.Lookback,
                WindowLength = hasRules ? node.Topology.Lookback + RuleRangeAllowance : TimeSpan.Zero,
            },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SeriesStoreSweeper(sp.GetRequiredService<SeriesStore>(), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(30)));
        services.AddSingleton(sp => new SiteActivity(node.Topology.SiteLabel, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UpstreamHolder>();
        services.AddSingleton<SourceStatusBoard>();
        services.AddSingleton(sp => new OwnRing(node.Ring is { } ring
            ? RingView.Create(node.Topology, ring, SystemDnsResolver.Instance, sp.GetRequiredService<TimeProvider>(), OwnRing.DnsRefresh)
            : null));
        services.AddHostedService<TierRuntime>();
    }
}
