using Aggregator.Shared.Hosting;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Reload;

/// <summary>
/// What a reload cannot change in a running process: its identity and address, its place in the
/// tree, the rings it belongs or forwards to (their membership is the cluster's), the site label, the
/// lookback, and rules that read further back (or other series) than the series store was sized for.
/// Each difference is one message saying what to do instead.
/// </summary>
internal static class RestartOnlyChanges
{
    public static IReadOnlyList<string> Find(NodeContext running, NodeContext next, SeriesStoreOptions? store, RuleLoadResult? storeRules, RuleLoadResult nextRules)
    {
        var problems = new List<string>();
        var (a, b) = (running.Node, next.Node);
        void Check<T>(string what, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                problems.Add($"node '{a.Id}': {what} changed from '{before}' to '{after}'; this needs a restart");
            }
        }
        Check("role", a.Role, b.Role);
        Check("url", a.Url, b.Url);
        Check("listen", a.Listen, b.Listen);
        Check("ring", a.Ring, b.Ring);
        Check("parent", a.Parent, b.Parent);
        Check("site", a.Site, b.Site);
        Check("site-label", running.Topology.SiteLabel, next.Topology.SiteLabel);
        Check("lookback", running.Topology.Lookback, next.Topology.Lookback);
        Check("own ring's members", Members(running.Ring), Members(next.Ring));
        Check("upstream ring's members", Members(running.Upstream), Members(next.Upstream));
        if (store is not null && storeRules is { Success: true } && nextRules.Success)
        {
            problems.AddRange(StoreProblems(next, store, storeRules, nextRules));
        }
        return problems;
    }

    private static string? Members(RingConfig? ring) =>
        ring is null ? null : ring.Dns ?? string.Join(", ", ring.Members) + $" ({ring.Shards} shards)";

    /// <summary>The store keeps sample windows only as long, and only for the series, that the rules it started with read.</summary>
    private static IEnumerable<string> StoreProblems(NodeContext next, SeriesStoreOptions store, RuleLoadResult storeRules, RuleLoadResult nextRules)
    {
        var wanted = TierServices.StoreOptions(next, nextRules);
        if (wanted.WindowLength > store.WindowLength)
        {
            yield return $"the new rules read {wanted.WindowLength} of samples back but this process keeps {store.WindowLength}; this needs a restart";
        }
        else if (wanted.WindowLength > TimeSpan.Zero && store.WindowedSeries is not null)
        {
            var kept = RuleSelectors.Extract(storeRules.Groups).ToHashSet(StringComparer.Ordinal);
            var missing = RuleSelectors.Extract(nextRules.Groups).Where(s => !kept.Contains(s)).ToList();
            if (missing.Count > 0)
            {
                yield return $"the new rules read series this process keeps no sample window for ({string.Join(", ", missing)}); this needs a restart";
            }
        }
    }
}
