using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// Strings, label sets and metadata remembered between parses. Keep one per scrape target and pass
/// it to every <see cref="ExpositionReader"/> call for that target: once the target's series have
/// been seen, parsing allocates nothing per sample. Not thread-safe (one parse at a time).
/// </summary>
public sealed class ExpositionCache
{
    /// <summary>Creates a cache bounded to <paramref name="maxSeries"/> series (cleared when exceeded).</summary>
    public ExpositionCache(int maxSeries = 1 << 21)
    {
        Strings = new Utf8Interner(maxSeries);
        Series = new Utf8KeyedCache<LabelSet>(1024, maxSeries);
        Metadata = new Utf8KeyedCache<MetricFamilyInfo>(64, 1 << 16);
    }

    internal Utf8Interner Strings { get; }

    internal Utf8KeyedCache<LabelSet> Series { get; }

    internal Utf8KeyedCache<MetricFamilyInfo> Metadata { get; }
}
