namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// Where the evaluator reads series: the Node's store, an Aggregator shard, or
/// <see cref="InMemorySeriesSource"/> in tests.
/// </summary>
public interface ISeriesSource
{
    /// <summary>
    /// Every series whose labels satisfy all <paramref name="matchers"/> (an absent label has the
    /// empty value), with its samples whose timestamps lie in [<paramref name="minTimeMs"/>,
    /// <paramref name="maxTimeMs"/>] (both inclusive), in ascending time order. Stale markers are
    /// returned as samples (the evaluator interprets them). Series with no sample in the window may
    /// be returned with an empty span or left out.
    /// </summary>
    IReadOnlyList<SeriesSamples> Select(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs);

    /// <summary>
    /// The same selection as <see cref="Select"/>, handed to <paramref name="visitor"/> series by
    /// series (series with no sample in the window are skipped). Sources override it to avoid
    /// building the list; the default goes through <see cref="Select"/>.
    /// </summary>
    void Visit(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, ISeriesVisitor visitor)
    {
        foreach (var series in Select(matchers, minTimeMs, maxTimeMs))
        {
            if (series.Samples.Length > 0)
            {
                visitor.Visit(series.Labels, series.Samples.Span);
            }
        }
    }
}
