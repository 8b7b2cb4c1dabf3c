using System.Globalization;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Tiers;

/// <summary>
/// What the tree tests share: the job-level rules each site's own Prometheus 2.42 and its Node both
/// evaluate, the global rule over them, the site Prometheus's config, a Node's source entry, and exact
/// comparisons of the results (relative 1e-9, NaN equal to NaN).
/// </summary>
internal static class SiteResults
{
    public const string SiteRules = """
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

    public const string GlobalRules = """
        groups:
          - name: global-job-level
            interval: 1s
            rules:
              - record: global:http_requests:sum
                expr: sum without (site) (job:http_requests:sum)
        """;

    public static readonly string[] SiteRecords =
        ["job:http_requests:sum", "job:http_request_duration_seconds_bucket:sum", "job:http_request_duration_seconds:p90", "job:http_requests_in_flight:avg"];

    /// <summary>A site Prometheus scraping <paramref name="target"/> every second and recording <paramref name="rules"/>.</summary>
    public static string SitePrometheusConfig(Uri target, string rules) => $$"""
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

    /// <summary>A Node's source entry polling <paramref name="prometheus"/> for the raw http_* series every second.</summary>
    public static string Source(PrometheusServer prometheus) =>
        $"{{ name = prom, urls = [\"{prometheus.BaseAddress}\"], match = [\"{{__name__=~\\\"http_.*\\\"}}\"], interval = 1s, timeout = 900ms, honor-labels = true }}";

    /// <summary>An instant vector as "name,label=value,..." (labels sorted, job and all) → value.</summary>
    public static async Task<Dictionary<string, double>> VectorAsync(PrometheusServer prom, string query)
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

    /// <summary>The series of one site in a <c>/federate</c> text body (as <see cref="FederateText"/> keys them), without the site label.</summary>
    public static Dictionary<string, double> OfSite(string federate, string site) =>
        FederateText.Parse(string.Join('\n', federate.Split('\n').Where(l => l.Contains($"site=\"{site}\"", StringComparison.Ordinal))), "site");

    /// <summary>The series of a <c>/federate</c> text body whose name starts with <paramref name="prefix"/>.</summary>
    public static Dictionary<string, double> Named(string federate, string prefix) =>
        FederateText.Parse(federate).Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);

    public static bool SameVector(Dictionary<string, double> expected, Dictionary<string, double> actual) =>
        expected.Count == actual.Count && expected.All(kv => actual.TryGetValue(kv.Key, out var got) && Close(kv.Value, got));

    public static void AssertSameVector(Dictionary<string, double> expected, Dictionary<string, double> actual, string what)
    {
        Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Keys.Order(StringComparer.Ordinal)), $"{what}: expected series\n{string.Join("\n", expected.Keys.Order(StringComparer.Ordinal))}\ngot\n{string.Join("\n", actual.Keys.Order(StringComparer.Ordinal))}");
        foreach (var (key, value) in expected)
        {
            double got = actual[key];
            Assert.True(Close(value, got), $"{what}: {key} expected {value:R}, got {got:R}");
        }
    }

    /// <summary>The series (name and labels, no value) of a <c>/federate</c> text body.</summary>
    public static SortedSet<string> SeriesOf(string federate) =>
        new(federate.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.LastIndexOf('}')]), StringComparer.Ordinal);

    private static bool Close(double value, double got) =>
        value == got || (double.IsNaN(value) && double.IsNaN(got)) || Math.Abs(value - got) <= 1e-9 * Math.Max(Math.Abs(value), Math.Abs(got));
}
