namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>An instant vector result.</summary>
public sealed class VectorValue(List<VectorSample> samples) : PromValue
{
    public List<VectorSample> Samples { get; } = samples;
}
