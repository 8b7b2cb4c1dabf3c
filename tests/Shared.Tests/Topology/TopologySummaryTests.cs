using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Topology;

public class TopologySummaryTests
{
    [Fact]
    public void Render_RepositoryTopology_ShowsRingsMembersSitesAndSources()
    {
        var topology = TopologyLoader.Load(Path.Combine(RepoPaths.Root, "topology.hocon"), _ => null).Topology!;
        var lines = TopologySummary.Render(topology).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 24, "one screen");
        Assert.EndsWith("OK (1 ring(s), 3 aggregator(s), 2 site node(s), 2 source(s))", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("ring global: 256 shards, members agg-0 agg-1 agg-2, rules rules", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("<- node dc1 (site dc1)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("source prom-ha: HA x2, every 15s (timeout 10s)", StringComparison.Ordinal));
    }
}
