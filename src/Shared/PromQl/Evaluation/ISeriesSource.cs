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
}
