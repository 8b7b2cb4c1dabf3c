using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// One element of an instant vector. <see cref="DropName"/> marks a pending removal of
/// <c>__name__</c>: functions and arithmetic drop the name, but the label set is only rebuilt when
/// it is needed (the result, or label functions), which saves an allocation per series on the
/// aggregation hot path.
/// </summary>
public readonly record struct VectorSample(LabelSet Labels, double Value, long TimestampMs, bool DropName = false)
{
    /// <summary>The labels with a pending name removal applied.</summary>
    public LabelSet EffectiveLabels => DropName ? Labels.Without(Label.MetricName) : Labels;

    /// <summary>A label's value as the expression sees it (the name is gone when dropped).</summary>
    public string Get(string name) =>
        DropName && name == Label.MetricName ? string.Empty : Labels.Get(name) ?? string.Empty;
}
