using System.Collections.Concurrent;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>
/// The in-memory series store of a Node (per site) and of an Aggregator shard (per series per site —
/// the site label is part of the label set): the latest sample of every series, a bounded window of
/// recent samples for the series rules read, and metadata per metric family.
/// <para>
/// Concurrency: one lock per metric name (a <see cref="MetricFamilyTable"/>), found through a
/// concurrent dictionary. Writers (one per source poll or remote-write request) touching different
/// families never contend; a reader holds one family's lock only while copying that family out, so a
/// 1M-series /federate never blocks ingestion as a whole and streams from the first family in memory
/// bounded by the largest family. Copy-on-write snapshots were rejected: every sample would copy.
/// The sorted list of family names is rebuilt lazily, only after a family was added or removed (the
/// families' version moved past the one the list was built from).
/// </para>
/// <para>
/// Rules: a sample older than the series' newest is dropped (out of order); the same timestamp
/// replaces the value; a stale marker deletes a series that keeps no window (it can never be served
/// again) and is recorded in the window of one that does, so range functions see the end.
/// </para>
/// </summary>
public sealed partial class SeriesStore : IStaleSink
{
    private readonly ConcurrentDictionary<string, MetricFamilyTable> _families = new(StringComparer.Ordinal);
    private readonly Lock _indexLock = new();
    private readonly Func<LabelSet, LabelSet> _intern;
    private readonly Action<LabelSet> _release;
    private readonly TimeProvider _time;
    private SortedIndex _sorted = new(0, []);
    private long _familiesVersion;
    private long _seriesCount;
    private long _outOfOrder;

    /// <summary>Creates a store; <paramref name="time"/> decides "now" for lookback and ageing out.</summary>
    public SeriesStore(SeriesStoreOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new SeriesStoreOptions();
        var errors = Options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid series store options: " + string.Join("; ", errors), nameof(options));
        }
        _time = time ?? TimeProvider.System;
        Interner = new StringInterner(Options.InternCapacity);
        _intern = InternLabels;
        _release = ReleaseLabels;
    }

    public SeriesStoreOptions Options { get; }

    /// <summary>The pool of label strings; parsers may intern into it directly to avoid duplicates.</summary>
    public StringInterner Interner { get; }

    /// <summary>Series currently held (stale-but-windowed ones included).</summary>
    public long SeriesCount => Interlocked.Read(ref _seriesCount);

    /// <summary>Metric families currently held.</summary>
    public int FamilyCount => _families.Count;

    /// <summary>Samples dropped because they were older than their series' newest sample.</summary>
    public long OutOfOrderCount => Interlocked.Read(ref _outOfOrder);

    /// <summary>Now on the store's clock, in milliseconds since the epoch.</summary>
    public long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public AppendStatus Append(LabelSet labels, Sample sample) => Append(labels, sample.TimestampMs, sample.Value);

    /// <summary>Stores one sample (see the class rules for order, duplicates and stale markers).</summary>
    public AppendStatus Append(LabelSet labels, long timestampMs, double value)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var name = labels.MetricName;
        while (true)
        {
            var table = _families.TryGetValue(name, out var found) ? found : StaleMarker.IsStale(value) ? null : AddFamily(name);
            if (table is null)
            {
                return AppendStatus.StaleIgnored;
            }
            var status = table.Append(labels, timestampMs, value, _intern, out bool created, out bool retired);
            if (retired)
            {
                // Note: a sweep unlinked this empty table between our lookup and our lock; look again.
                continue;
            }
            if (created)
            {
                Interlocked.Increment(ref _seriesCount);
            }
            else if (status == AppendStatus.Deleted)
            {
                Interlocked.Decrement(ref _seriesCount);
            }
            else if (status == AppendStatus.OutOfOrder)
            {
                Interlocked.Increment(ref _outOfOrder);
            }
            return status;
        }
    }

    /// <summary>Writes a stale marker for the series at <paramref name="timestampMs"/>.</summary>
    public AppendStatus MarkStale(LabelSet labels, long timestampMs) => Append(labels, timestampMs, StaleMarker.Value);

    void IStaleSink.MarkStale(LabelSet series, long timestampMs) => MarkStale(series, timestampMs);

    /// <summary>Records the type and help text of a metric family.</summary>
    public void SetMetadata(string metricName, MetricMetadata metadata)
    {
        while (true)
        {
            var table = _families.TryGetValue(metricName, out var found) ? found : AddFamily(metricName);
            table.Metadata = metadata;
            if (!table.Retired)
            {
                return;
            }
        }
    }

    /// <summary>The metadata of a family, or <see cref="MetricMetadata.Unknown"/>.</summary>
    public MetricMetadata GetMetadata(string metricName) =>
        _families.TryGetValue(metricName, out var table) ? table.Metadata : MetricMetadata.Unknown;

    /// <summary>The newest sample of a series (possibly a stale marker).</summary>
    public bool TryGetLatest(LabelSet labels, out Sample sample)
    {
        if (_families.TryGetValue(labels.MetricName, out var table))
        {
            return table.TryGetLatest(labels, out sample);
        }
        sample = default;
        return false;
    }

    /// <summary>
    /// Adds a series' samples with <paramref name="minMs"/> ≤ t ≤ <paramref name="maxMs"/>, oldest first:
    /// the window when it keeps one, else at most the latest sample. Stale markers are included.
    /// </summary>
    public int CopySamples(LabelSet labels, long minMs, long maxMs, List<Sample> into) =>
        _families.TryGetValue(labels.MetricName, out var table) ? table.CopySamples(labels, minMs, maxMs, into) : 0;

    /// <summary>Deletes a series; false when absent.</summary>
    public bool Remove(LabelSet labels)
    {
        if (_families.TryGetValue(labels.MetricName, out var table) && table.Remove(labels))
        {
            Interlocked.Decrement(ref _seriesCount);
            return true;
        }
        return false;
    }

    private MetricFamilyTable AddFamily(string name)
    {
        // Note: the family's name is not interned: a pooled string lives only as long as the series that hold it.
        var table = _families.GetOrAdd(name, static (n, store) => new MetricFamilyTable(n, store.Options, store._release), this);
        Interlocked.Increment(ref _familiesVersion);
        return table;
    }

    // Note: the store keeps the label set it was handed and swaps its strings for the pool's equal instances in place
    // (LabelSet.AdoptEqualStrings) instead of keeping a copy: the decoder that made the set keeps it too (its cache,
    // the poll batch, the staleness arrays), so a copy was a second LabelSet and Label[] per series for every source
    // whose strings were not the pool's first (124 B per series at 100k from four sources, BENCHMARKS.md "Session 7,
    // helper mem2"). One store per process owns the pool (TierServices); a set handed to two stores would leave the
    // first store's references on strings the second swapped in, so no caller does that.
    private LabelSet InternLabels(LabelSet labels)
    {
        var span = labels.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            var name = Interner.Intern(span[i].Name);
            var value = Interner.Intern(span[i].Value);
            if (!ReferenceEquals(name, span[i].Name) || !ReferenceEquals(value, span[i].Value))
            {
                labels.AdoptEqualStrings(i, name, value);
            }
        }
        return labels;
    }

    /// <summary>Gives back the references <see cref="InternLabels"/> took for a series the store no longer holds.</summary>
    private void ReleaseLabels(LabelSet labels)
    {
        foreach (var label in labels.AsSpan())
        {
            Interner.Release(label.Name);
            Interner.Release(label.Value);
        }
    }
}
