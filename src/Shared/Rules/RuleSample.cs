using Aggregator.Shared.Model;

namespace Aggregator.Shared.Rules;

/// <summary>One sample a rule produced (a <see cref="StaleMarker"/> value marks a series that vanished).</summary>
public readonly record struct RuleSample(LabelSet Labels, double Value, long TimestampMs)
{
    public bool IsStale => StaleMarker.IsStale(Value);
}
