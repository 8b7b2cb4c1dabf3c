using Aggregator.Shared.Model;

namespace Aggregator.Shared.Diagnostics;

/// <summary>One series of a self-metric: its labels and current value.</summary>
internal abstract class SelfMetricChild(Label[] labels)
{
    private protected AtomicDouble _value;

    public Label[] Labels { get; } = labels;

    public double Value => _value.Value;
}
