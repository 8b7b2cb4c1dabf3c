using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;

namespace Aggregator.Shared.Rules;

/// <summary>
/// A source seen through a group's own fresh outputs, so later rules read what earlier rules
/// recorded in the same evaluation before anything is written to the store.
/// </summary>
internal sealed class LayeredSeriesSource(ISeriesSource lower, InMemorySeriesSource upper) : ISeriesSource
{
    public IReadOnlyList<SeriesSamples> Select(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs)
    {
        var top = upper.Select(matchers, minTimeMs, maxTimeMs);
        var bottom = lower.Select(matchers, minTimeMs, maxTimeMs);
        if (top.Count == 0)
        {
            return bottom;
        }
        var byLabels = new Dictionary<LabelSet, SeriesSamples>(top.Count);
        foreach (var s in top)
        {
            byLabels[s.Labels] = s;
        }
        var result = new List<SeriesSamples>(bottom.Count + top.Count);
        foreach (var s in bottom)
        {
            if (byLabels.Remove(s.Labels, out var fresh))
            {
                result.Add(new SeriesSamples(s.Labels, Merge(s.Samples.Span, fresh.Samples.Span)));
            }
            else
            {
                result.Add(s);
            }
        }
        result.AddRange(byLabels.Values);
        return result;
    }

    public void Visit(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, ISeriesVisitor visitor)
    {
        // Note: when no fresh output matches (the usual case: rules read raw series), stream the store directly.
        if (upper.Select(matchers, minTimeMs, maxTimeMs).Count == 0)
        {
            lower.Visit(matchers, minTimeMs, maxTimeMs, visitor);
            return;
        }
        foreach (var series in Select(matchers, minTimeMs, maxTimeMs))
        {
            if (series.Samples.Length > 0)
            {
                visitor.Visit(series.Labels, series.Samples.Span);
            }
        }
    }

    private static Sample[] Merge(ReadOnlySpan<Sample> older, ReadOnlySpan<Sample> fresh)
    {
        var merged = new List<Sample>(older.Length + fresh.Length);
        long firstFresh = fresh.Length > 0 ? fresh[0].TimestampMs : long.MaxValue;
        foreach (var s in older)
        {
            if (s.TimestampMs < firstFresh)
            {
                merged.Add(s);
            }
        }
        foreach (var s in fresh)
        {
            merged.Add(s);
        }
        return [.. merged];
    }
}
