using System.Globalization;
using Aggregator.Shared.Model;

namespace Aggregator.Integration.Tests.Rules;

/// <summary>
/// Seeded input for the engine differential test: counters with resets, classic histogram buckets
/// and gauges, scraped about every 15 s with jitter. Every timestamp has a non-zero millisecond
/// part and every evaluation time is a whole minute (ranges are whole seconds), so no sample ever
/// sits on a range's left boundary: Prometheus 2.42's closed ranges [t-r, t] and 3.x's left-open
/// ones (t-r, t] then select the same samples.
/// Note: 2.42 clamps a counter's extrapolation towards zero before its "sample gap" threshold,
/// 3.x after it. They agree unless a series starts inside a rate window while its first value is
/// small against the increase; so series that start late never reset and buckets start high, and
/// jitter stays under ±200 ms so continuous series never cross the threshold.
/// </summary>
internal static class DifferentialData
{
    /// <summary>2023-11-14T22:13:20Z: a realistic epoch, far from 0.</summary>
    public const long StartMs = 1_700_000_000_000;

    /// <summary>Scrapes per series (8 minutes at 15 s).</summary>
    public const int Scrapes = 33;

    public static readonly string[] Les = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];

    /// <summary>Evaluation times, whole minutes after the start (the last one sees some series only through lookback).</summary>
    public static readonly long[] EvalTimesMs = [StartMs + 120_000, StartMs + 240_000, StartMs + 420_000, StartMs + 480_000, StartMs + 660_000];

    public const string RuleFile = """
        groups:
          - name: differential
            rules:
              - record: job:http_requests:rate1m
                expr: sum by (job) (rate(http_requests_total[1m]))
              - record: job_code:http_requests:rate1m
                expr: sum by (job, code) (rate(http_requests_total[1m]))
              - record: job:http_request_duration_seconds:p99_1m
                expr: histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1m])))
              - record: job:http_request_duration_seconds:p50_2m
                expr: histogram_quantile(0.5, sum by (job, le) (rate(http_request_duration_seconds_bucket[2m])))
              - record: job:http_requests:avg_rate1m
                expr: avg by (job) (rate(http_requests_total[1m]))
              - record: job:http_requests:max_increase2m
                expr: max by (job) (increase(http_requests_total[2m]))
              - record: code:http_requests:min_irate1m
                expr: min by (code) (irate(http_requests_total[1m]))
              - record: job:http_requests:count
                expr: count by (job) (http_requests_total)
              - record: job_code:http_requests:top3
                expr: topk(3, sum by (job, code) (rate(http_requests_total[1m])))
              - record: instance:http_requests:bottom2
                expr: bottomk by (job) (2, rate(http_requests_total[1m]))
              - record: job:http_requests:q90_rate1m
                expr: quantile by (job) (0.9, rate(http_requests_total[1m]))
              - record: job:http_requests:error_ratio1m
                expr: sum by (job) (rate(http_requests_total{code=~"5.."}[1m])) / sum by (job) (rate(http_requests_total[1m]))
              - record: job:http_requests:resets5m
                expr: sum by (job) (resets(http_requests_total[5m]))
              - record: job:queue_depth:stddev
                expr: stddev by (job) (queue_depth)
              - record: job:queue_depth:stdvar
                expr: stdvar by (job) (queue_depth)
              - record: job:queue_depth:delta2m
                expr: sum without (instance) (delta(queue_depth[2m]))
              - record: instance:queue_depth:avg1m
                expr: avg_over_time(queue_depth[1m])
              - record: instance:queue_depth:max2m
                expr: max_over_time(queue_depth[2m])
              - record: job:queue_depth:busy
                expr: group by (job) (queue_depth > 10)
              - record: job:http_requests:rate1m_clamped
                expr: clamp_max(sum by (job) (rate(http_requests_total[1m])), 40)
        """;

    /// <summary>All series with their samples, oldest first.</summary>
    public static List<(LabelSet Labels, List<Sample> Samples)> Generate(int seed)
    {
        var random = new Random(seed);
        var series = new List<(LabelSet, List<Sample>)>();
        string[] codes = ["200", "201", "404", "500", "503"];
        for (int j = 0; j < 5; j++)
        {
            var job = "job-" + j.ToString(CultureInfo.InvariantCulture);
            for (int i = 0; i < 12; i++)
            {
                var instance = Instance(i);
                foreach (var code in codes)
                {
                    series.Add((LabelSet.Of("__name__", "http_requests_total", "job", job, "instance", instance, "code", code), Counter(random)));
                }
                series.Add((LabelSet.Of("__name__", "queue_depth", "job", job, "instance", instance), Gauge(random)));
            }
            for (int i = 0; i < 8; i++)
            {
                AddHistogram(series, random, job, Instance(i));
            }
        }
        return series;
    }

    private static string Instance(int i) => "10.0.0." + i.ToString(CultureInfo.InvariantCulture) + ":9100";

    private static List<Sample> Counter(Random random)
    {
        var times = Times(random, out bool late);
        var samples = new List<Sample>(times.Count);
        double value = random.Next(1000, 2000) + random.NextDouble();
        foreach (var t in times)
        {
            // Note: about one sample in 30 is a counter reset to a small value.
            bool reset = random.Next(30) == 0 && !late;
            value = reset ? random.NextDouble() * 3 : value + (random.NextDouble() * random.Next(1, 50));
            samples.Add(new Sample(t, value));
        }
        return samples;
    }

    private static List<Sample> Gauge(Random random)
    {
        var times = Times(random, out _);
        var samples = new List<Sample>(times.Count);
        foreach (var t in times)
        {
            samples.Add(new Sample(t, (random.NextDouble() * 40) - 5));
        }
        return samples;
    }

    private static void AddHistogram(List<(LabelSet, List<Sample>)> series, Random random, string job, string instance)
    {
        var times = Times(random, out _);
        var cumulative = new double[Les.Length];
        double start = random.Next(1000, 2000);
        for (int b = 0; b < Les.Length; b++)
        {
            start += random.Next(0, 500);
            cumulative[b] = start;
        }
        var perBucket = new List<Sample>[Les.Length];
        for (int b = 0; b < Les.Length; b++)
        {
            perBucket[b] = new List<Sample>(times.Count);
        }
        foreach (var t in times)
        {
            double below = 0;
            for (int b = 0; b < Les.Length; b++)
            {
                below += random.Next(0, 20);
                cumulative[b] += below;
                perBucket[b].Add(new Sample(t, cumulative[b]));
            }
        }
        for (int b = 0; b < Les.Length; b++)
        {
            series.Add((LabelSet.Of("__name__", "http_request_duration_seconds_bucket", "job", job, "instance", instance, "le", Les[b]), perBucket[b]));
        }
    }

    /// <summary>
    /// Scrape times: a per-series phase, ±200 ms jitter, a non-zero millisecond part; one series in
    /// eight starts late and one in eight stops early (so lookback and short ranges are exercised).
    /// </summary>
    private static List<long> Times(Random random, out bool late)
    {
        long phase = random.Next(1, 15_000);
        int first = random.Next(8) == 0 ? random.Next(4, 12) : 0;
        late = first > 0;
        int last = random.Next(8) == 0 ? random.Next(16, 24) : Scrapes;
        var times = new List<long>(Scrapes);
        for (int k = first; k < last; k++)
        {
            long t = StartMs + (k * 15_000L) + phase + random.Next(-200, 200);
            if (t % 1000 == 0)
            {
                t++;
            }
            times.Add(t);
        }
        return times;
    }
}
