using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// Receives what <see cref="ExpositionReader"/> parses, in body order. Implement it in the scraper
/// (store each sample) or in tests (collect). Calls are synchronous and never concurrent.
/// </summary>
public interface IExpositionSink
{
    /// <summary>A float sample. Classic histograms and summaries arrive as their flat series
    /// (<c>x_bucket{le=..}</c>, <c>x_sum</c>, <c>x_count</c>, <c>x{quantile=..}</c>), as Prometheus stores them.</summary>
    void OnSample(in ExposedSample sample);

    /// <summary>A native histogram (protobuf only). The default ignores it.</summary>
    void OnNativeHistogram(in ExposedHistogram histogram)
    {
    }
}

/// <summary>
/// One float sample: its family's metadata (shared instance), the series labels including
/// <c>__name__</c> (a cached instance while the series keeps appearing), the value and the
/// optional timestamp in milliseconds.
/// </summary>
public readonly record struct ExposedSample(MetricFamilyInfo Family, LabelSet Series, double Value, long? TimestampMs);

/// <summary>One native histogram sample with its series labels (including <c>__name__</c>).</summary>
public readonly record struct ExposedHistogram(MetricFamilyInfo Family, LabelSet Series, NativeHistogram Histogram, long? TimestampMs);
