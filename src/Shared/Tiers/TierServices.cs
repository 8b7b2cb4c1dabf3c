using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Reload;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Tiers;

/// <summary>The services both tiers share: the series store, its sweeper, the ring a site Node forwards to; <see cref="TierActors"/> starts the actors over them.</summary>
internal static class TierServices
{
    // Note: when the rules' reach cannot be known (they fail to load, or use @), keep this much for every series.
    private static readonly TimeSpan RuleRangeAllowance = TimeSpan.FromMinutes(5);

    public static void AddTier(IServiceCollection services, NodeContext node)
    {
        // Note: the rule files are read once here; the store is sized by them and TierActors runs them.
        var rules = LoadRules(node);
        services.AddSingleton(rules);
        services.AddSingleton(sp =>
        {
            var store = new SeriesStore(StoreOptions(node, rules), sp.GetRequiredService<TimeProvider>());
            sp.GetService<MetricsRegistry>()?.CounterCallback("aggregator_store_out_of_order_samples_total",
                "Samples dropped by this process's store because the series already held a newer one (as a TSDB drops out-of-order samples).",
                () => store.OutOfOrderCount);
            return store;
        });
        services.AddSingleton(sp => new SeriesStoreSweeper(sp.GetRequiredService<SeriesStore>(), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(30)));
        services.AddSingleton(sp => new SiteActivity(node.Topology.SiteLabel, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SourceStatusBoard>();
        services.AddSingleton<ForwardQueueHealth>();
        services.AddSingleton(sp => new UpstreamRing(node.Role == NodeRole.Node && node.Upstream is { } parent
            ? RingView.Create(node.Topology, parent, SystemDnsResolver.Instance, sp.GetRequiredService<TimeProvider>(), RingView.DnsRefresh)
            : null));
        services.AddHostedService<RuleLoadCheck>();
        // Note: the actors start inside the ActorSystem (the composition's WithActors); a reload replaces rule groups and scrapers.
        services.AddSingleton<TierActors>();
        services.AddSingleton<IReloadable>(sp => sp.GetRequiredService<TierActors>());
    }

    /// <summary>
    /// Sample windows only for the series the rules read, and only as long as they reach back plus one
    /// evaluation interval; none at all when the rules read only instant vectors (global rings' usual
    /// <c>sum without (site)</c>), since every series keeps its latest sample.
    /// </summary>
    /// <summary>This process's rule files (the node's, or its ring's), paths relative to the topology file.</summary>
    internal static RuleLoadResult LoadRules(NodeContext node)
    {
        var files = node.Role == NodeRole.Node ? node.Node.RuleFiles : node.Ring?.RuleFiles ?? [];
        var directory = Path.GetDirectoryName(Path.GetFullPath(node.Topology.SourceFile)) ?? ".";
        return RuleFileLoader.LoadFiles(files.Select(f => Path.IsPathRooted(f) ? f : Path.Combine(directory, f)));
    }

    internal static SeriesStoreOptions StoreOptions(NodeContext node, RuleLoadResult rules)
    {
        var options = new SeriesStoreOptions { Lookback = node.Topology.Lookback };
        if (rules.Success && rules.Groups.Count == 0)
        {
            return options;
        }
        long reachMs = rules.Success ? RuleReach.LongestMs(rules.Groups, node.Topology.Lookback) : long.MaxValue;
        if (reachMs == long.MaxValue)
        {
            // Note: a load failure is reported (and stops the node) by RuleLoadCheck; this only sizes the store.
            return options with { WindowLength = node.Topology.Lookback + RuleRangeAllowance };
        }
        if (reachMs == 0)
        {
            return options;
        }
        var interval = rules.Groups.Select(g => g.Interval ?? TimeSpan.FromSeconds(15)).Max();
        return options with
        {
            WindowLength = TimeSpan.FromMilliseconds(reachMs) + interval,
            SampleInterval = node.Role == NodeRole.Node && node.Node.Sources.Count > 0 ? node.Node.Sources.Min(s => s.Interval) : TimeSpan.Zero,
            WindowedSeries = RuleReach.ReadBy(rules.Groups),
        };
    }
}
