using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Storage;

/// <summary>The store as the PromQL evaluator's series source: same answers as the evaluator's own in-memory source.</summary>
public class SeriesStorePromQlTests
{
    private const long T0 = 1_700_000_000_000;

    private static (SeriesStore Store, InMemorySeriesSource Reference) Load()
    {
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(15) }, new ManualClock(T0));
        var reference = new InMemorySeriesSource();
        for (int i = 0; i <= 40; i++)
        {
            long t = T0 - 600_000 + i * 15_000;
            foreach (var (job, code) in new[] { ("api", "200"), ("api", "500"), ("web", "200") })
            {
                var labels = LabelSet.Of("__name__", "http_requests_total", "job", job, "code", code);
                double value = i * (code == "500" ? 1 : 10);
                store.Append(labels, new Sample(t, value));
                reference.Add(labels, t, value);
            }
        }
        var gone = LabelSet.Of("__name__", "http_requests_total", "job", "old", "code", "200");
        foreach (var t in new[] { T0 - 120_000, T0 - 105_000 })
        {
            store.Append(gone, new Sample(t, 5));
            reference.Add(gone, t, 5);
        }
        store.MarkStale(gone, T0 - 90_000);
        reference.Add(gone, T0 - 90_000, StaleMarker.Value);
        return (store, reference);
    }

    [Theory]
    [InlineData("sum by (job) (rate(http_requests_total[5m]))")]
    [InlineData("http_requests_total{code=~\"2..\"}")]
    [InlineData("count(http_requests_total)")]
    [InlineData("sum without (code) (increase(http_requests_total[10m]))")]
    [InlineData("max by (job) (irate(http_requests_total{job!=\"web\"}[5m]))")]
    [InlineData("count by (code) (delta(http_requests_total[1m]))")]
    public void Evaluate_OverStore_SameAsInMemorySource(string query)
    {
        var (store, reference) = Load();
        var expr = PromQlParser.ParseExpr(query);
        var actual = (VectorValue)new PromQlEvaluator(store).Evaluate(expr, T0);
        var expected = (VectorValue)new PromQlEvaluator(reference).Evaluate(expr, T0);
        Assert.NotEmpty(expected.Samples);
        Assert.Equal(Render(expected), Render(actual));
    }

    [Fact]
    public void Select_Matchers_WindowedSamplesOldestFirstWithStaleMarkers()
    {
        var (store, _) = Load();
        var matchers = PromQlParser.ParseMetricSelector("http_requests_total{job=\"old\"}");
        var series = Assert.Single(store.Select(matchers, T0 - 300_000, T0));
        var samples = series.Samples.ToArray();
        Assert.Equal([T0 - 120_000, T0 - 105_000, T0 - 90_000], samples.Select(s => s.TimestampMs));
        Assert.True(samples[^1].IsStale);
    }

    [Theory]
    [InlineData("http_requests_total")]
    [InlineData("http_requests_total{job=\"old\"}")]
    [InlineData("{__name__=~\"http_.*\", code=\"200\"}")]
    [InlineData("{job=\"api\"}")]
    [InlineData("http_requests_total{__name__=~\"http_requests_.+\", code!=\"500\"}")]
    [InlineData("nothing_here")]
    public void Visit_Selector_SameSeriesAndSamplesAsSelect(string selector)
    {
        var (store, reference) = Load();
        var matchers = PromQlParser.ParseMetricSelector(selector);
        foreach (ISeriesSource source in new ISeriesSource[] { store, reference })
        {
            var expected = source.Select(matchers, T0 - 300_000, T0)
                .Where(s => s.Samples.Length > 0)
                .Select(s => Render(s.Labels, s.Samples.Span))
                .Order(StringComparer.Ordinal).ToList();
            var visitor = new RecordingVisitor();

            source.Visit(matchers, T0 - 300_000, T0, visitor);

            Assert.Equal(expected, visitor.Seen.Order(StringComparer.Ordinal).ToList());
        }
    }

    private sealed class RecordingVisitor : ISeriesVisitor
    {
        public List<string> Seen { get; } = [];

        public void Visit(LabelSet labels, ReadOnlySpan<Sample> samples) => Seen.Add(Render(labels, samples));
    }

    private static string Render(LabelSet labels, ReadOnlySpan<Sample> samples)
    {
        var parts = new List<string>();
        foreach (var s in samples)
        {
            parts.Add($"{s.TimestampMs}:{s.Value:R}");
        }
        return labels + " " + string.Join(",", parts);
    }

    private static List<string> Render(VectorValue vector) =>
        vector.Samples.Select(s => $"{s.EffectiveLabels} {s.Value:R}").Order(StringComparer.Ordinal).ToList();
}
