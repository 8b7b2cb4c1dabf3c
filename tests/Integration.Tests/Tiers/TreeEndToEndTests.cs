using System.Globalization;
using Aggregator.Shared.Synthetic;
using Aggregator.Tests.Common;

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
    private const string SiteRules = """
        groups:
          - name: site-job-level
            interval: 1s
            rules:
              - record: job:http_requests:sum
                expr: sum by (job, code) (http_requests_total)
              - record: job:http_request_duration_seconds_bucket:sum
                expr: sum by (job, le) (http_request_duration_seconds_bucket)
              - record: job:http_request_duration_seconds:p90
                expr: histogram_quantile(0.9, job:http_request_duration_seconds_bucket:sum)
              - record: job:http_requests_in_flight:avg
                expr: avg by (job) (http_requests_in_flight)
        """;

    private const string GlobalRules = """
        groups:
          - name: global-job-level
            interval: 1s
            rules:
              - record: global:http_requests:sum
                expr: sum without (site) (job:http_requests:sum)
        """;

    private static readonly string[] SiteRecords =
        ["job:http_requests:sum", "job:http_request_duration_seconds_bucket:sum", "job:http_request_duration_seconds:p90", "job:http_requests_in_flight:avg"];

    private static string SitePrometheusConfig(Uri target, string rules) => $$"""
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: ['{{rules}}']
        scrape_configs:
          - job_name: targets
            honor_labels: true
            static_configs:
              - targets: ['{{target.Authority}}']
        """;

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
        var dir = Directory.CreateTempSubdirectory("tree-e2e-").FullName;
        var frozen = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var targetsA = await SyntheticPrometheus.StartAsync(new SyntheticSourceOptions { Seed = 1, Job = "api", Instances = 4 }, frozen);
        await using var targetsB = await SyntheticPrometheus.StartAsync(new SyntheticSourceOptions { Seed = 2, Job = "api", Instances = 3 }, frozen);
        File.WriteAllText(Path.Combine(dir, "site.yml"), SiteRules);
        await using var promA = await PrometheusServer.StartAsync(SitePrometheusConfig(targetsA.Url, Path.Combine(dir, "site.yml")));
        await using var promB = await PrometheusServer.StartAsync(SitePrometheusConfig(targetsB.Url, Path.Combine(dir, "site.yml")));

        File.WriteAllText(Path.Combine(dir, "global.yml"), GlobalRules);
        int[] agg = [FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next()];
        int[] node = [FreeTcpPort.Next(), FreeTcpPort.Next()];
        string Source(PrometheusServer p) =>
            $"{{ name = prom, urls = [\"{p.BaseAddress}\"], match = [\"{{__name__=~\\\"http_.*\\\"}}\"], interval = 1s, timeout = 900ms, honor-labels = true }}";
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

    /// <summary>An instant vector as "name,label=value,..." (labels sorted, job and all) → value.</summary>
    private static async Task<Dictionary<string, double>> VectorAsync(PrometheusServer prom, string query)
    {
        var result = await prom.QueryAsync(query);
        var vector = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in result.EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject()
                .Where(p => p.Name != "__name__")
                .Select(p => $"{p.Name}={p.Value.GetString()}")
                .Order(StringComparer.Ordinal);
            vector[string.Join(",", labels.Prepend(item.GetProperty("metric").GetProperty("__name__").GetString()))] =
                double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        return vector;
    }

    private static bool SameVector(Dictionary<string, double> expected, Dictionary<string, double> actual) =>
        expected.Count == actual.Count && expected.All(kv => actual.TryGetValue(kv.Key, out var got) && Close(kv.Value, got));

    private static bool Close(double value, double got) =>
        value == got || (double.IsNaN(value) && double.IsNaN(got)) || Math.Abs(value - got) <= 1e-9 * Math.Max(Math.Abs(value), Math.Abs(got));

    private static void AssertSameVector(Dictionary<string, double> expected, Dictionary<string, double> actual, string what)
    {
        Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Keys.Order(StringComparer.Ordinal)), $"{what}: expected series\n{string.Join("\n", expected.Keys.Order(StringComparer.Ordinal))}\ngot\n{string.Join("\n", actual.Keys.Order(StringComparer.Ordinal))}");
        foreach (var (key, value) in expected)
        {
            double got = actual[key];
            Assert.True(Close(value, got), $"{what}: {key} expected {value:R}, got {got:R}");
        }
    }

    private static SortedSet<string> SeriesOf(string federate) =>
        new(federate.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.LastIndexOf('}')]), StringComparer.Ordinal);
}
