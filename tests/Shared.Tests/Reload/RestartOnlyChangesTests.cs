using Aggregator.Shared.Hosting;
using Aggregator.Shared.Reload;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Reload;

public sealed class RestartOnlyChangesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("restart-only-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static NodeContext Context(int shards = 256, int port = 9101)
    {
        var result = TopologyLoader.LoadText($$"""
            aggregator {
              rings { global { members = [agg-0], shards = {{shards}} } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:9201" }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{port}}" }
              }
            }
            """, "t.hocon", ".", _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return new NodeContext(result.Topology!, result.Topology!.FindNode("dc1")!);
    }

    private RuleLoadResult Rules(string expr)
    {
        var file = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".yml");
        File.WriteAllText(file, $"groups:\n  - name: g\n    rules:\n      - record: r\n        expr: {expr}\n");
        var rules = RuleFileLoader.LoadFiles([file]);
        Assert.True(rules.Success, string.Join("\n", rules.Errors));
        return rules;
    }

    [Fact]
    public void Find_SameNodeAndRing_NoProblems() =>
        Assert.Empty(RestartOnlyChanges.Find(Context(), Context(), null, null, Rules("vector(1)")));

    [Fact]
    public void Find_UrlAndUpstreamMembersChanged_OneMessageEachNamingWhatAndRestart()
    {
        var problems = RestartOnlyChanges.Find(Context(), Context(shards: 128, port: 9109), null, null, Rules("vector(1)"));

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("url changed from 'http://127.0.0.1:9101/' to 'http://127.0.0.1:9109/'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("listen changed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("upstream ring's members changed from 'agg-0 (256 shards)' to 'agg-0 (128 shards)'", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.EndsWith("this needs a restart", p));
    }

    [Fact]
    public void Find_RulesReadFurtherBackThanTheStoreKeeps_Refused()
    {
        var startup = Rules("sum(rate(http_requests_total[1m]))");
        var store = new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(15), WindowedSeries = RuleReach.ReadBy(startup.Groups) };

        var problems = RestartOnlyChanges.Find(Context(), Context(), store, startup, Rules("sum(rate(http_requests_total[10m]))"));

        Assert.Contains("the new rules read 00:10:15 of samples back but this process keeps 00:01:15", Assert.Single(problems));
    }

    [Fact]
    public void Find_RulesReadAnotherSeriesWithARange_RefusedNamingTheSelector()
    {
        var startup = Rules("sum(rate(http_requests_total[1m]))");
        var store = new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(15), WindowedSeries = RuleReach.ReadBy(startup.Groups) };

        var problems = RestartOnlyChanges.Find(Context(), Context(), store, startup, Rules("sum(rate(errors_total[1m]))"));

        Assert.Contains("errors_total", Assert.Single(problems));
    }

    [Fact]
    public void Find_RulesWithinTheStoresWindows_Accepted()
    {
        var startup = Rules("sum(rate(http_requests_total[5m]))");
        var store = new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(15), WindowedSeries = RuleReach.ReadBy(startup.Groups) };

        Assert.Empty(RestartOnlyChanges.Find(Context(), Context(), store, startup, Rules("max(rate(http_requests_total[1m]))")));
    }
}
