using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// One remote-write time series: its full label set, float samples in timestamp order, and native
/// histograms (empty unless the sender had any).
/// </summary>
public sealed record WriteSeries(LabelSet Labels, IReadOnlyList<Sample> Samples, IReadOnlyList<RemoteHistogram> Histograms)
{
    /// <summary>Exemplars the sender attached (counted, not kept: a receiver refuses them unless its sink keeps them).</summary>
    public int ExemplarCount { get; init; }

    /// <summary>A series with float samples only.</summary>
    public WriteSeries(LabelSet labels, IReadOnlyList<Sample> samples)
        : this(labels, samples, [])
    {
    }
}
