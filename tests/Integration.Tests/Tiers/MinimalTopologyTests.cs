using Aggregator.Shared.Synthetic;
using Aggregator.Tests.Common;
using static Aggregator.Integration.Tests.Tiers.SiteResults;

namespace Aggregator.Integration.Tests.Tiers;

/// <summary>
/// A new user's tree: sources with only name, urls, match, interval and timeout (no <c>honor-labels</c>
/// key), two sites each beside a real Prometheus 2.42 that scrapes frozen targets and records the same
/// job-level rules itself. The global <c>/federate</c> must hold exactly each site's own results: the same
/// series (under the real <c>job</c>, not the source's name) with the same values, plus the site label.
/// </summary>
public sealed class MinimalTopologyTests
{
    private const string SiteRules = """
        groups:
          - name: job-level
            interval: 1s
            rules:
              - record: job:http_requests:sum
                expr: sum by (job, code) (http_requests_total)
              - record: job:http_requests_in_flight:avg
                expr: avg by (job) (http_requests_in_flight)
        """;

    private const string JobLevel = "{__name__=~\"job:.*\"}";

    [Fact]
    public async Task NoHonorLabelsKey_GlobalFederate_HoldsExactlyEachSitesOwnJobLevelResults()
    {
        await using var prometheus = await TwoSitePrometheus.StartAsync("minimal-tree-", SiteRules,
            new SyntheticSourceOptions { Seed = 5, Job = "api", Instances = 3 }, new SyntheticSourceOptions { Seed = 6, Job = "checkout", Instances = 2 });
        var (dir, promA, promB) = (prometheus.Dir, prometheus.A, prometheus.B);
        int aggPort = FreeTcpPort.Next(), dc1Port = FreeTcpPort.Next(), dc2Port = FreeTcpPort.Next();
        static string Source(PrometheusServer p) =>
            $"{{ name = prom, urls = [\"{p.BaseAddress}\"], match = [\"{{__name__=~\\\"http_.*\\\"}}\"], interval = 1s, timeout = 900ms }}";
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggPort}}" }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{dc1Port}}", rule-files = ["site.yml"], sources = [{{Source(promA)}}] }
                dc2 { role = node, parent = global, url = "http://127.0.0.1:{{dc2Port}}", rule-files = ["site.yml"], sources = [{{Source(promB)}}] }
              }
            }
            """);
        var data = Path.Combine(dir, "data");
        await using var agg = await TierHosts.StartAsync(topology, "agg-0", data);
        await using var dc1 = await TierHosts.StartAsync(topology, "dc1", data);
        await using var dc2 = await TierHosts.StartAsync(topology, "dc2", data);
        using var http = new HttpClient();
        string global = new Uri(topology.FindNode("agg-0")!.Url, "federate?match[]=" + Uri.EscapeDataString(JobLevel)).ToString();

        foreach (var (site, prom) in new[] { ("dc1", promA), ("dc2", promB) })
        {
            async Task<Dictionary<string, double>> Own() => FederateText.Parse(await prom.Http.GetStringAsync("federate?match[]=" + Uri.EscapeDataString(JobLevel)));
            Assert.True(await PrometheusServer.EventuallyAsync(async () => (await Own()).Count > 0, TimeSpan.FromSeconds(60)), prom.Log);
            var expected = await Own();
            Dictionary<string, double> AtGlobal(string body) => OfSite(body, site);
            // Note: results from before the first complete poll may be the newest for a moment; wait for a whole one.
            var body = await TierHosts.PollAsync(http, global, b => SameVector(expected, AtGlobal(b)));
            var actual = AtGlobal(body);

            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            Assert.All(expected, kv => Assert.Equal(kv.Value, actual[kv.Key], 9));
            Assert.DoesNotContain(actual.Keys, k => k.Contains("exported_job", StringComparison.Ordinal) || k.Contains("job=\"prom\"", StringComparison.Ordinal));
        }
    }
}
