using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>One series of a range vector (stale markers may be present; functions skip them).</summary>
public readonly record struct RangeSeries(LabelSet Labels, ReadOnlyMemory<Sample> Samples, bool DropName = false)
{
    /// <summary>The labels with a pending name removal applied.</summary>
    public LabelSet EffectiveLabels => DropName ? Labels.Without(Label.MetricName) : Labels;
}
