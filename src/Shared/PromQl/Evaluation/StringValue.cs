namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>A string result.</summary>
public sealed class StringValue(string value) : PromValue
{
    public string Value { get; } = value;
}
