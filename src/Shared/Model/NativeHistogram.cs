namespace Aggregator.Shared.Model;

/// <summary>
/// A native (exponential or custom-bucket) histogram as float counts: absolute bucket counts, never
/// deltas (integer histograms are converted when read, as Prometheus's /federate emits them).
/// </summary>
public sealed record NativeHistogram
{
    public int Schema { get; init; }

    public double ZeroThreshold { get; init; }

    public double ZeroCount { get; init; }

    public double Count { get; init; }

    public double Sum { get; init; }

    /// <summary>True when the source type is a gauge histogram (counter-reset hint "gauge").</summary>
    public bool IsGauge { get; init; }

    public IReadOnlyList<BucketSpan> PositiveSpans { get; init; } = [];

    public IReadOnlyList<double> PositiveCounts { get; init; } = [];

    public IReadOnlyList<BucketSpan> NegativeSpans { get; init; } = [];

    public IReadOnlyList<double> NegativeCounts { get; init; } = [];

    /// <summary>Custom bucket bounds (schema -53 only).</summary>
    public IReadOnlyList<double> CustomValues { get; init; } = [];

    /// <summary>Structural equality over every field and list (records compare lists by reference).</summary>
    public bool SameAs(NativeHistogram other) =>
        Schema == other.Schema && ZeroThreshold.Equals(other.ZeroThreshold) && ZeroCount.Equals(other.ZeroCount)
        && Count.Equals(other.Count) && Sum.Equals(other.Sum) && IsGauge == other.IsGauge
        && PositiveSpans.SequenceEqual(other.PositiveSpans) && PositiveCounts.SequenceEqual(other.PositiveCounts)
        && NegativeSpans.SequenceEqual(other.NegativeSpans) && NegativeCounts.SequenceEqual(other.NegativeCounts)
        && CustomValues.SequenceEqual(other.CustomValues);
}
