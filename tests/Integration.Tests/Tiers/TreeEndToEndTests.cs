using Aggregator.Shared.Synthetic;
using Aggregator.Tests.Common;
using static Aggregator.Integration.Tests.Tiers.SiteResults;

namespace Aggregator.Integration.Tests.Tiers;

/// <summary>
/// The whole tree against real Prometheus 2.42 servers: two sites, each a Prometheus scraping
/// generated targets and evaluating the site rules itself; a Node per site polling its /federate and
/// evaluating the same rules; a ring of three Aggregators with R=2 running the global rules; and a
/// "global" Prometheus scraping the ring's /federate with honor_labels. The targets' clock is frozen,
/// so every value is constant and both sides' results can be compared exactly.
/// </summary>
public sealed class TreeEndToEndTests
{
    private static string GlobalPrometheusConfig(Uri aggregator) => $$"""
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: aggregator
            honor_labels: true
            metrics_path: /federate
            params:
              'match[]': ['{__name__=~"job:.*|global:.*"}']
            static_configs:
              - targets: ['{{aggregator.Authority}}']
        """;

    [Fact]
    public async Task TwoSitesThroughRing_GlobalPrometheus_StoresWhatEachSiteComputesAndTheGlobalSum()
    {
        await using var prometheus = await TwoSitePrometheus.StartAsync("tree-e2e-", SiteRules,
            new SyntheticSourceOptions { Seed = 1, Job = "api", Instances = 4 }, new SyntheticSourceOptions { Seed = 2, Job = "api", Instances = 3 });
        var (dir, promA, promB) = (prometheus.Dir, prometheus.A, prometheus.B);

        File.WriteAllText(Path.Combine(dir, "global.yml"), GlobalRules);
        int[] agg = [FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next()];
        int[] node = [FreeTcpPort.Next(), FreeTcpPort.Next()];
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { replication-factor = 2, members = [agg-0, agg-1, agg-2], rule-files = ["global.yml"] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{agg[0]}}", cluster-port = {{FreeTcpPort.Next()}} }
                agg-1 { role = aggregator, ring = global, url = "http://127.0.0.1:{{agg[1]}}", cluster-port = {{FreeTcpPort.Next()}} }
                agg-2 { role = aggregator, ring = global, url = "http://127.0.0.1:{{agg[2]}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{node[0]}}", rule-files = ["site.yml"], sources = [{{Source(promA)}}] }
                dc2 { role = node, parent = global, url = "http://127.0.0.1:{{node[1]}}", rule-files = ["site.yml"], sources = [{{Source(promB)}}] }
              }
            }
            """);
        var data = Path.Combine(dir, "data");
        await using var agg0 = await TierHosts.StartAsync(topology, "agg-0", data);
        var agg1 = await TierHosts.StartAsync(topology, "agg-1", data);
        await using var agg2 = await TierHosts.StartAsync(topology, "agg-2", data);
        await using var dc1 = await TierHosts.StartAsync(topology, "dc1", data);
        await using var dc2 = await TierHosts.StartAsync(topology, "dc2", data);
        await using var global = await PrometheusServer.StartAsync(GlobalPrometheusConfig(topology.FindNode("agg-0")!.Url));

        var sites = new[] { ("dc1", promA), ("dc2", promB) };
        foreach (var (site, prom) in sites)
        {
            foreach (var record in SiteRecords)
            {
                Assert.True(await PrometheusServer.EventuallyAsync(async () => (await VectorAsync(prom, record)).Count > 0, TimeSpan.FromSeconds(60)), $"{site}'s Prometheus never recorded {record}:\n{prom.Log}");
                var expected = await VectorAsync(prom, record);
                async Task<Dictionary<string, double>> AtGlobal() =>
                    (await VectorAsync(global, $"{record}{{site=\"{site}\"}}")).ToDictionary(kv => kv.Key.Replace($",site={site}", string.Empty, StringComparison.Ordinal), kv => kv.Value);
                // Note: results from before the first complete poll may still be the newest for a moment; wait for a whole one.
                var arrived = await PrometheusServer.EventuallyAsync(async () => SameVector(expected, await AtGlobal()), TimeSpan.FromSeconds(60));
                Assert.True(arrived || (await AtGlobal()).Count == expected.Count, $"{record} of {site} did not reach the global Prometheus:\n{global.Log}");
                AssertSameVector(expected, await AtGlobal(), $"{record} at {site}");
            }
        }
        var sumA = await VectorAsync(promA, "job:http_requests:sum");
        var sumB = await VectorAsync(promB, "job:http_requests:sum");
        var expectedGlobal = sumA.Keys.Union(sumB.Keys).ToDictionary(k => "global" + k[3..], k => sumA.GetValueOrDefault(k) + sumB.GetValueOrDefault(k));
        // Note: until both sites' results reached the ring, the global rule sums what is there; wait for the whole sum.
        await PrometheusServer.EventuallyAsync(async () => SameVector(expectedGlobal, await VectorAsync(global, "global:http_requests:sum")), TimeSpan.FromSeconds(60));
        AssertSameVector(expectedGlobal, await VectorAsync(global, "global:http_requests:sum"), "global:http_requests:sum");

        // Stop one Aggregator: every member holds the whole view, so the others answer it complete, unmarked.
        using var http = new HttpClient();
        var selector = "federate?match[]=" + Uri.EscapeDataString("{__name__=~\"job:.*\"}");
        var whole = await http.GetStringAsync(new Uri(topology.FindNode("agg-0")!.Url, selector));
        // Note: members apply published changes asynchronously; every member converges on the same view within seconds.
        var agg1View = new Uri(topology.FindNode("agg-1")!.Url, selector);
        await PrometheusServer.EventuallyAsync(async () => SeriesOf(await http.GetStringAsync(agg1View)).SetEquals(SeriesOf(whole)), TimeSpan.FromSeconds(15));
        Assert.Equal(SeriesOf(whole), SeriesOf(await http.GetStringAsync(agg1View)));
        await agg1.StopAsync();
        await agg1.DisposeAsync();
        foreach (var survivor in new[] { "agg-0", "agg-2" })
        {
            using var answer = await http.GetAsync(new Uri(topology.FindNode(survivor)!.Url, selector));
            Assert.False(answer.Headers.Contains("X-Aggregator-Partial"));
            Assert.Equal(SeriesOf(whole), SeriesOf(await answer.Content.ReadAsStringAsync()));
        }

        // Restart it: it rejoins, takes a snapshot of every site, and turns ready holding the whole view.
        await using var restarted = await TierHosts.StartAsync(topology, "agg-1", data);
        Assert.Equal(System.Net.HttpStatusCode.OK, await TierHosts.WaitReadyAsync(http, topology.FindNode("agg-1")!.Url));
        var again = new Uri(topology.FindNode("agg-1")!.Url, selector);
        var caughtUp = await PrometheusServer.EventuallyAsync(async () => SeriesOf(await http.GetStringAsync(again)).SetEquals(SeriesOf(whole)), TimeSpan.FromSeconds(15));
        Assert.True(caughtUp, "agg-1 did not hold the whole view 15 s after it turned ready");
    }
}
