using Aggregator.Shared.Model;

namespace Aggregator.Shared.Synthetic;

/// <summary>One metric family of a <see cref="SyntheticWorkload"/> snapshot (a histogram carries buckets, sums and counts).</summary>
public sealed record SyntheticFamily(
    string Name,
    MetricType Type,
    string Help,
    IReadOnlyList<(LabelSet Labels, double Value)> Samples,
    IReadOnlyList<(LabelSet Labels, double Value)>? Sums = null,
    IReadOnlyList<(LabelSet Labels, double Value)>? Counts = null);
