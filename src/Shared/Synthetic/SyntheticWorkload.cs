using Aggregator.Shared.Model;

namespace Aggregator.Shared.Synthetic;

/// <summary>
/// Deterministic Prometheus-like series whose values are a pure function of (seed, series, time):
/// <list type="bullet">
/// <item><c>http_requests_total{job,instance,method,code,handler}</c> counters: <c>rate·t + a·sin(ω·t)</c> with
/// <c>a·ω &lt; rate</c>, so they only grow (and restart at zero on each reset period when configured);</item>
/// <item><c>http_request_duration_seconds_bucket{le}</c> with <c>_sum</c>/<c>_count</c>: the count grows like a
/// counter and each bucket is the count times a fixed per-series distribution, so buckets are cumulative in
/// <c>le</c> and monotonic in time;</item>
/// <item>gauges <c>http_requests_in_flight</c> and <c>process_resident_memory_bytes</c> per instance.</item>
/// </list>
/// Time is taken in whole seconds, so values move every second and every scrape sees fresh values.
/// </summary>
public sealed class SyntheticWorkload
{
    private readonly SyntheticSourceOptions _options;
    private readonly List<CounterSeries> _counters = [];
    private readonly List<HistogramSeries> _histograms = [];
    private readonly List<(LabelSet InFlight, LabelSet Memory, double Phase)> _gauges = [];

    public SyntheticWorkload(SyntheticSourceOptions options)
    {
        _options = options;
        var random = new Random(options.Seed);
        for (int i = 0; i < options.Instances; i++)
        {
            string instance = $"host-{i}:8080";
            foreach (var handler in options.Handlers)
            {
                foreach (var method in options.Methods)
                {
                    foreach (var code in options.Codes)
                    {
                        var labels = Labels("http_requests_total", instance, ("code", code), ("handler", handler), ("method", method));
                        double rate = code == "200" ? 5 + (random.NextDouble() * 50) : 0.1 + random.NextDouble();
                        _counters.Add(new CounterSeries(labels, rate, random.NextDouble() * 6.28));
                    }
                    _histograms.Add(NewHistogram(instance, handler, method, random));
                }
            }
            _gauges.Add((Labels("http_requests_in_flight", instance), Labels("process_resident_memory_bytes", instance), random.NextDouble() * 6.28));
        }
    }

    public SyntheticSourceOptions Options => _options;

    /// <summary>Every series with its value at <paramref name="now"/>, grouped by metric family in name order.</summary>
    public IReadOnlyList<SyntheticFamily> Snapshot(DateTimeOffset now)
    {
        double t = Math.Floor(now.ToUnixTimeMilliseconds() / 1000.0);
        double tc = _options.CounterResetPeriod is { } period ? t % Math.Max(1, Math.Floor(period.TotalSeconds)) : t;
        var buckets = new List<(LabelSet, double)>();
        var sums = new List<(LabelSet, double)>();
        var counts = new List<(LabelSet, double)>();
        foreach (var h in _histograms)
        {
            double count = Math.Floor(Grow(h.Rate, h.Phase, tc));
            for (int k = 0; k < h.BucketLabels.Length; k++)
            {
                buckets.Add((h.BucketLabels[k], Math.Floor(count * h.Cdf[k])));
            }
            sums.Add((h.Sum, count * h.MeanSeconds));
            counts.Add((h.Count, count));
        }
        var requests = _counters.Select(c => (c.Labels, Math.Floor(Grow(c.Rate, c.Phase, tc)))).ToList();
        var inFlight = _gauges.Select(g => (g.InFlight, Math.Round(20 + (15 * Math.Sin((t / 30) + g.Phase))))).ToList();
        var memory = _gauges.Select(g => (g.Memory, Math.Round(200e6 + (50e6 * Math.Sin((t / 300) + g.Phase))))).ToList();
        return
        [
            new("http_request_duration_seconds", MetricType.Histogram, "Request latency.", buckets, sums, counts),
            new("http_requests_in_flight", MetricType.Gauge, "Requests being served.", inFlight),
            new("http_requests_total", MetricType.Counter, "Requests served.", requests),
            new("process_resident_memory_bytes", MetricType.Gauge, "Resident memory size in bytes.", memory),
        ];
    }

    // Note: the derivative rate + a·ω·cos(ω·t) stays positive because a·ω = rate/2.
    private static double Grow(double rate, double phase, double t) =>
        (rate * t) + ((rate / 2 / 0.05) * (Math.Sin((0.05 * t) + phase) - Math.Sin(phase)));

    private LabelSet Labels(string name, string instance, params (string Name, string Value)[] extra)
    {
        var list = new List<Label> { new(Label.MetricName, name), new("job", _options.Job), new("instance", instance) };
        list.AddRange(extra.Select(e => new Label(e.Name, e.Value)));
        return LabelSet.From(list);
    }

    private HistogramSeries NewHistogram(string instance, string handler, string method, Random random)
    {
        var bounds = SyntheticSourceOptions.DurationBuckets;
        double median = 0.01 + (random.NextDouble() * 0.3);
        var bucketLabels = new LabelSet[bounds.Count + 1];
        var cdf = new double[bounds.Count + 1];
        for (int k = 0; k <= bounds.Count; k++)
        {
            string le = k < bounds.Count ? LeText(bounds[k]) : "+Inf";
            bucketLabels[k] = Labels("http_request_duration_seconds_bucket", instance, ("handler", handler), ("le", le), ("method", method));
            // Note: a log-logistic distribution around the median; +Inf holds everything.
            cdf[k] = k < bounds.Count ? 1 / (1 + Math.Pow(median / bounds[k], 2.5)) : 1;
        }
        return new HistogramSeries(bucketLabels, cdf,
            Labels("http_request_duration_seconds_sum", instance, ("handler", handler), ("method", method)),
            Labels("http_request_duration_seconds_count", instance, ("handler", handler), ("method", method)),
            2 + (random.NextDouble() * 20), random.NextDouble() * 6.28, median * 1.2);
    }

    // Note: the le value is spelled as Prometheus's client libraries spell it (Go shortest 'g').
    private static string LeText(double bound)
    {
        Span<byte> text = stackalloc byte[Exposition.PromFloat.MaxLength];
        return System.Text.Encoding.ASCII.GetString(text[..Exposition.PromFloat.FormatText(bound, text)]);
    }

    private sealed record CounterSeries(LabelSet Labels, double Rate, double Phase);

    private sealed record HistogramSeries(LabelSet[] BucketLabels, double[] Cdf, LabelSet Sum, LabelSet Count, double Rate, double Phase, double MeanSeconds);
}
