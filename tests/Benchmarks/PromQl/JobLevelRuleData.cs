using System.Globalization;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Evaluation;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Storage;

namespace Aggregator.Benchmarks.PromQl;

/// <summary>
/// The job-level rule group over 500k input series: 250k counters
/// (50 jobs × 1000 instances × 5 codes) and 250k classic buckets (50 jobs × 500 instances × 10 le),
/// scraped every 15 s for 2 minutes.
/// </summary>
public static class JobLevelRuleData
{
    public const string RuleFile = """
        groups:
          - name: job-level
            rules:
              - record: job:http_requests:rate1m
                expr: sum by (job) (rate(http_requests_total[1m]))
              - record: job_code:http_requests:rate1m
                expr: sum by (job, code) (rate(http_requests_total[1m]))
              - record: job:http_request_duration_seconds:p99_1m
                expr: histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1m])))
        """;

    public const long EvalTimeMs = 120_000;

    public static RuleGroupDefinition Group()
    {
        var result = RuleFileLoader.Parse(RuleFile, "job-level.yml");
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Errors));
        }
        return result.Groups[0];
    }

    public static InMemorySeriesSource Build(int jobs = 50, int counterInstances = 1000, int bucketInstances = 500)
    {
        var source = new InMemorySeriesSource();
        foreach (var (labels, perScrape) in Series(jobs, counterInstances, bucketInstances))
        {
            AddCounter(source, labels, perScrape);
        }
        return source;
    }

    /// <summary>The same series in the Node's <see cref="SeriesStore"/>, every series keeping a window.</summary>
    public static SeriesStore BuildStore(int jobs = 50, int counterInstances = 1000, int bucketInstances = 500)
    {
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(7) });
        foreach (var (labels, perScrape) in Series(jobs, counterInstances, bucketInstances))
        {
            for (long t = 0; t <= EvalTimeMs; t += 15_000)
            {
                store.Append(labels, t, perScrape * (t / 15_000));
            }
        }
        return store;
    }

    /// <summary>Every input series with its increase per scrape (a counter's value at scrape k is k times it).</summary>
    public static IEnumerable<(LabelSet Labels, double PerScrape)> Series(int jobs = 50, int counterInstances = 1000, int bucketInstances = 500)
    {
        string[] codes = ["200", "201", "400", "404", "500"];
        string[] les = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];
        for (int j = 0; j < jobs; j++)
        {
            var job = "job-" + j.ToString(CultureInfo.InvariantCulture);
            for (int i = 0; i < counterInstances; i++)
            {
                var instance = "10.0." + (i / 256).ToString(CultureInfo.InvariantCulture) + "." + (i % 256).ToString(CultureInfo.InvariantCulture) + ":9100";
                for (int c = 0; c < codes.Length; c++)
                {
                    yield return (LabelSet.Of("__name__", "http_requests_total", "job", job, "instance", instance, "code", codes[c]), (i % 7) + c + 1);
                }
            }
            for (int i = 0; i < bucketInstances; i++)
            {
                var instance = "10.1." + (i / 256).ToString(CultureInfo.InvariantCulture) + "." + (i % 256).ToString(CultureInfo.InvariantCulture) + ":9100";
                for (int b = 0; b < les.Length; b++)
                {
                    yield return (LabelSet.Of("__name__", "http_request_duration_seconds_bucket", "job", job, "instance", instance, "le", les[b]), (b + 1) * ((i % 5) + 1));
                }
            }
        }
    }

    private static void AddCounter(InMemorySeriesSource source, LabelSet labels, double perScrape)
    {
        for (long t = 0; t <= EvalTimeMs; t += 15_000)
        {
            source.Add(labels, t, perScrape * (t / 15_000));
        }
    }
}
