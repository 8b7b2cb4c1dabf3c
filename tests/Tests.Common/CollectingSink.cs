using System.Globalization;
using Aggregator.Shared.Exposition;

namespace Aggregator.Tests.Common;

/// <summary>An <see cref="IExpositionSink"/> that keeps everything, for assertions.</summary>
public sealed class CollectingSink : IExpositionSink
{
    public List<ExposedSample> Samples { get; } = [];

    public List<ExposedHistogram> Histograms { get; } = [];

    public void OnSample(in ExposedSample sample) => Samples.Add(sample);

    public void OnNativeHistogram(in ExposedHistogram histogram) => Histograms.Add(histogram);

    /// <summary>One canonical line per sample: labels, value bits (so NaN and stale compare), timestamp.</summary>
    public List<string> Canonical(bool withType = false) =>
        Samples.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{(withType ? s.Family.Type + " " : "")}{s.Series} {BitConverter.DoubleToInt64Bits(s.Value):x16} {s.TimestampMs}")).ToList();
}
