namespace Aggregator.Shared.Model;

/// <summary>One label: a name and a value, both UTF-8 strings.</summary>
public readonly record struct Label(string Name, string Value)
{
    /// <summary>The label that carries the metric name.</summary>
    public const string MetricName = "__name__";

    public override string ToString() => $"{Name}=\"{Value}\"";
}
