namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>A scalar result.</summary>
public sealed class ScalarValue(double value) : PromValue
{
    public double Value { get; } = value;
}
