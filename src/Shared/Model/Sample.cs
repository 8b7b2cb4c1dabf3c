namespace Aggregator.Shared.Model;

/// <summary>One float sample: a value at a millisecond timestamp.</summary>
public readonly record struct Sample(long TimestampMs, double Value)
{
    public bool IsStale => StaleMarker.IsStale(Value);
}
