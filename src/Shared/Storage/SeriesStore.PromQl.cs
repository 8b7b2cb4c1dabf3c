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
}
