using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// Receives selected series one at a time from <see cref="ISeriesSource.Visit"/>, so a hot path
/// (an aggregation over a range function) reads each series in place instead of through a
/// materialised list. The span is valid only during the call; the visitor must not call back
/// into the source (a store may hold a lock meanwhile).
/// </summary>
public interface ISeriesVisitor
{
    void Visit(LabelSet labels, ReadOnlySpan<Sample> samples);
}
