using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// A native histogram sample as remote-write carries it. Integer histograms use
/// <see cref="CountInt"/>, <see cref="ZeroCountInt"/> and bucket deltas; float histograms use
/// <see cref="CountFloat"/>, <see cref="ZeroCountFloat"/> and absolute bucket counts.
/// </summary>
public sealed record RemoteHistogram
{
    public ulong? CountInt { get; init; }

    public double? CountFloat { get; init; }

    public double Sum { get; init; }

    public int Schema { get; init; }

    public double ZeroThreshold { get; init; }

    public ulong? ZeroCountInt { get; init; }

    public double? ZeroCountFloat { get; init; }

    public IReadOnlyList<BucketSpan> NegativeSpans { get; init; } = [];

    public IReadOnlyList<long> NegativeDeltas { get; init; } = [];

    public IReadOnlyList<double> NegativeCounts { get; init; } = [];

    public IReadOnlyList<BucketSpan> PositiveSpans { get; init; } = [];

    public IReadOnlyList<long> PositiveDeltas { get; init; } = [];

    public IReadOnlyList<double> PositiveCounts { get; init; } = [];

    public HistogramResetHint ResetHint { get; init; }

    public long TimestampMs { get; init; }

    /// <summary>True for a float histogram (counts are doubles), false for an integer one.</summary>
    public bool IsFloat => CountFloat.HasValue;

    /// <summary>Structural equality including the bucket lists (records compare lists by reference).</summary>
    public bool SameAs(RemoteHistogram other) =>
        CountInt == other.CountInt && Nullable.Equals(CountFloat, other.CountFloat) && Sum.Equals(other.Sum)
        && Schema == other.Schema && ZeroThreshold.Equals(other.ZeroThreshold) && ZeroCountInt == other.ZeroCountInt
        && Nullable.Equals(ZeroCountFloat, other.ZeroCountFloat) && ResetHint == other.ResetHint
        && TimestampMs == other.TimestampMs
        && NegativeSpans.SequenceEqual(other.NegativeSpans) && NegativeDeltas.SequenceEqual(other.NegativeDeltas)
        && NegativeCounts.SequenceEqual(other.NegativeCounts) && PositiveSpans.SequenceEqual(other.PositiveSpans)
        && PositiveDeltas.SequenceEqual(other.PositiveDeltas) && PositiveCounts.SequenceEqual(other.PositiveCounts);
}
