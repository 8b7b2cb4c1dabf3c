using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// Strings, label sets and metadata remembered between parses. Keep one per scrape target and pass
/// it to every <see cref="ExpositionReader"/> call for that target: once the target's series have
/// been seen, parsing allocates nothing per sample. Not thread-safe (one parse at a time).
/// </summary>
public sealed class ExpositionCache
{
    private readonly int _maxSeries;
    private readonly Utf8KeyedCache<LabelSet>?[] _textSeries = new Utf8KeyedCache<LabelSet>?[4];
    private BoundTexts? _bounds;

    /// <summary>Creates a cache bounded to <paramref name="maxSeries"/> series (cleared when exceeded).</summary>
    public ExpositionCache(int maxSeries = 1 << 21)
    {
        _maxSeries = maxSeries;
        Strings = new Utf8Interner(maxSeries);
        Series = new SeriesHashCache(1024, maxSeries);
        Metadata = new Utf8KeyedCache<MetricFamilyInfo>(64, 1 << 16);
    }

    internal Utf8Interner Strings { get; }

    /// <summary>Bytes held by the tables' arenas and entries (the hash slots not counted).</summary>
    internal long CapacityBytes => Strings.CapacityBytes + Series.CapacityBytes + Metadata.CapacityBytes
        + _textSeries.Sum(static t => t?.CapacityBytes ?? 0);

    /// <summary>
    /// Bits of the series hash the protobuf reader keeps (all by default). Note: tests set 0, so that every series
    /// collides and each hit is proved by confirmation alone.
    /// </summary>
    internal uint SeriesHashMask { get; init; } = uint.MaxValue;

    /// <summary>Series of protobuf bodies, found by a hash of their encoded labels and confirmed against them.</summary>
    internal SeriesHashCache Series { get; }

    internal Utf8KeyedCache<MetricFamilyInfo> Metadata { get; }

    /// <summary>The text of the histogram and summary bounds seen (made on the first bound).</summary>
    internal BoundTexts Bounds => _bounds ??= new BoundTexts();

    /// <summary>
    /// Series of text bodies, keyed by their spelling. Note: one table per dialect and option, because
    /// a hit skips the label-block syntax check: a spelling valid in text 0.0.4 (blanks around '=')
    /// must not be accepted in OpenMetrics, and the kept labels depend on the empty-value option.
    /// </summary>
    internal Utf8KeyedCache<LabelSet> TextSeries(bool openMetrics, bool keepEmptyLabelValues)
    {
        int index = (openMetrics ? 1 : 0) + (keepEmptyLabelValues ? 2 : 0);
        return _textSeries[index] ??= new Utf8KeyedCache<LabelSet>(1024, _maxSeries);
    }
}
