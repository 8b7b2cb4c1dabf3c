using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;

namespace Aggregator.Shared.Storage;

public sealed partial class SeriesStore : ISeriesSource
{
    /// <summary>
    /// The PromQL evaluator's view: every series matching all <paramref name="matchers"/> with its
    /// samples in [min, max], oldest first, stale markers included (the evaluator interprets them).
    /// Series without a window offer at most their latest sample.
    /// </summary>
    public IReadOnlyList<SeriesSamples> Select(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs)
    {
        var matcher = new SelectorUnion([matchers]);
        var result = new List<SeriesSamples>();
        var scratch = new List<Sample>();
        foreach (var table in FamiliesFor(matcher))
        {
            table.CollectSamples(matcher, minTimeMs, maxTimeMs, scratch, result);
        }
        return result;
    }

    /// <summary>
    /// <see cref="Select"/> streamed: each family is read under its lock straight into the visitor.
    /// A <c>__name__="x"</c> matcher is applied by picking the family, not re-checked per series.
    /// </summary>
    public void Visit(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, ISeriesVisitor visitor)
    {
        var matcher = new SelectorUnion([matchers]);
        var rest = new List<LabelMatcher>(matchers.Count);
        foreach (var m in matchers)
        {
            if (!(m.Name == Label.MetricName && m.Type == LabelMatchType.Equal))
            {
                rest.Add(m);
            }
        }
        bool byName = rest.Count < matchers.Count;
        var perSeries = byName ? (rest.Count == 0 ? null : new SelectorUnion([rest])) : matcher;
        var scratch = new Sample[16];
        foreach (var table in FamiliesFor(matcher))
        {
            table.VisitSamples(perSeries, minTimeMs, maxTimeMs, ref scratch, visitor);
        }
    }
}
