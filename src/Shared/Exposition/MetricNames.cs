using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition;

/// <summary>Which sample names belong to a family of a given type (the suffix rules of both text formats).</summary>
internal static class MetricNames
{
    public static bool BelongsTo(ReadOnlySpan<byte> sampleName, ReadOnlySpan<byte> family, MetricType type)
    {
        if (!sampleName.StartsWith(family))
        {
            return false;
        }
        var suffix = sampleName[family.Length..];
        if (suffix.IsEmpty)
        {
            return true;
        }
        return type switch
        {
            MetricType.Counter => suffix.SequenceEqual("_total"u8) || suffix.SequenceEqual("_created"u8),
            MetricType.Histogram => suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_sum"u8)
                || suffix.SequenceEqual("_count"u8) || suffix.SequenceEqual("_created"u8),
            MetricType.GaugeHistogram => suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_gsum"u8)
                || suffix.SequenceEqual("_gcount"u8),
            MetricType.Summary => suffix.SequenceEqual("_sum"u8) || suffix.SequenceEqual("_count"u8) || suffix.SequenceEqual("_created"u8),
            MetricType.Info => suffix.SequenceEqual("_info"u8),
            _ => false,
        };
    }

    /// <summary>The suffix of <paramref name="sampleName"/> after <paramref name="family"/> (empty when equal).</summary>
    public static ReadOnlySpan<byte> SuffixOf(ReadOnlySpan<byte> sampleName, ReadOnlySpan<byte> family) =>
        sampleName.Length >= family.Length ? sampleName[family.Length..] : default;
}
