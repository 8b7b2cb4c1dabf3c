using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;
using Aggregator.Shared.Rules;

namespace Aggregator.Shared.Tests.Rules;

public class LayeredSeriesSourceTests
{
    [Theory]
    [InlineData("job:x:rate")]
    [InlineData("other")]
    [InlineData("{job=\"a\"}")]
    public void Visit_WithAndWithoutFreshOutputs_SameAsSelect(string selector)
    {
        var lower = new InMemorySeriesSource();
        var upper = new InMemorySeriesSource();
        foreach (var job in new[] { "a", "b" })
        {
            lower.Add(LabelSet.Of("__name__", "job:x:rate", "job", job), 15_000, 1);
            lower.Add(LabelSet.Of("__name__", "job:x:rate", "job", job), 30_000, 2);
            lower.Add(LabelSet.Of("__name__", "other", "job", job), 30_000, 7);
        }
        // Note: a fresh output for an existing series (merged after its older samples) and a new one.
        upper.Add(LabelSet.Of("__name__", "job:x:rate", "job", "a"), 45_000, 3);
        upper.Add(LabelSet.Of("__name__", "job:x:rate", "job", "c"), 45_000, 4);
        var layered = new LayeredSeriesSource(lower, upper);
        var matchers = PromQlParser.ParseMetricSelector(selector);
        var expected = layered.Select(matchers, 0, 60_000)
            .Select(s => Render(s.Labels, s.Samples.Span))
            .Order(StringComparer.Ordinal).ToList();
        var seen = new Recorder();

        layered.Visit(matchers, 0, 60_000, seen);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, seen.Seen.Order(StringComparer.Ordinal).ToList());
    }

    private sealed class Recorder : ISeriesVisitor
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
}
