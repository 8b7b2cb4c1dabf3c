using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>
/// Every series of one metric name: a chained hash table over a slot array, guarded by one lock.
/// Note: the lock per metric name is the store's lock striping — writers of different families never
/// contend, and a reader copies one family out under the lock and sorts it outside.
/// A slot costs 40 bytes plus 4 for its bucket (see BENCHMARKS.md, "Site store memory").
/// </summary>
internal sealed partial class MetricFamilyTable
{
    private readonly Lock _lock = new();
    private readonly SeriesStoreOptions _options;
    private readonly Action<LabelSet> _release;
    private Slot[] _slots = new Slot[4];
    private int[] _buckets = new int[4];
    private int _used;
    private int _freeList = -1;
    private int _count;

    // Note: bumped whenever a slot is added, removed or moved; a cached sort order is valid only for
    // the shape it was built from (steady-state polls change values, never the shape).
    private int _shape;
    private SlotOrder? _order;
    private MetricMetadata _metadata = MetricMetadata.Unknown;

    /// <summary>A table; <paramref name="release"/> is told every series it lets go (the store's interned strings).</summary>
    public MetricFamilyTable(string name, SeriesStoreOptions options, Action<LabelSet> release)
    {
        Name = name;
        _options = options;
        _release = release;
    }

    public string Name { get; }

    /// <summary>Set once the store has unlinked this table; a writer that sees it must look the family up again.</summary>
    public bool Retired { get; private set; }

    public int Count => Volatile.Read(ref _count);

    public MetricMetadata Metadata
    {
        get
        {
            lock (_lock)
            {
                return _metadata;
            }
        }
        set
        {
            lock (_lock)
            {
                _metadata = value;
            }
        }
    }

    /// <summary>Stores a sample; <paramref name="created"/> tells whether a new series was added.</summary>
    public AppendStatus Append(LabelSet labels, long timestampMs, double value, Func<LabelSet, LabelSet> intern, out bool created, out bool retired)
    {
        created = false;
        lock (_lock)
        {
            retired = Retired;
            if (retired)
            {
                return AppendStatus.StaleIgnored;
            }
            bool stale = StaleMarker.IsStale(value);
            int i = Find(labels);
            if (i < 0)
            {
                if (stale)
                {
                    return AppendStatus.StaleIgnored;
                }
                var stored = intern(labels);
                var window = _options.Windowed(stored) ? new SampleWindow(_options.WindowCapacity) : null;
                window?.Append(timestampMs, value, _options.WindowLengthMs);
                Insert(stored, timestampMs, value, window);
                created = true;
                return AppendStatus.Appended;
            }
            ref var slot = ref _slots[i];
            if (timestampMs < slot.TimestampMs)
            {
                return AppendStatus.OutOfOrder;
            }
            if (stale && slot.Window is null)
            {
                RemoveAt(i);
                return AppendStatus.Deleted;
            }
            if (timestampMs == slot.TimestampMs)
            {
                slot.Value = value;
                slot.Window?.ReplaceNewest(value);
                return AppendStatus.Replaced;
            }
            slot.TimestampMs = timestampMs;
            slot.Value = value;
            slot.Window?.Append(timestampMs, value, _options.WindowLengthMs);
            return AppendStatus.Appended;
        }
    }

    public bool TryGetLatest(LabelSet labels, out Sample sample)
    {
        lock (_lock)
        {
            int i = Find(labels);
            sample = i < 0 ? default : new Sample(_slots[i].TimestampMs, _slots[i].Value);
            return i >= 0;
        }
    }

    /// <summary>Adds the series' windowed samples in [min, max]; falls back to the latest sample when it keeps no window.</summary>
    public int CopySamples(LabelSet labels, long minMs, long maxMs, List<Sample> into)
    {
        lock (_lock)
        {
            int i = Find(labels);
            if (i < 0)
            {
                return 0;
            }
            ref var slot = ref _slots[i];
            if (slot.Window is not null)
            {
                return slot.Window.CopyTo(minMs, maxMs, into);
            }
            if (slot.TimestampMs >= minMs && slot.TimestampMs <= maxMs)
            {
                into.Add(new Sample(slot.TimestampMs, slot.Value));
                return 1;
            }
            return 0;
        }
    }

    public bool Remove(LabelSet labels)
    {
        lock (_lock)
        {
            int i = Find(labels);
            if (i < 0)
            {
                return false;
            }
            RemoveAt(i);
            return true;
        }
    }

    /// <summary>
    /// Removes series whose newest sample is older than their retention; returns how many.
    /// Retires the table (under its lock) when it ends up empty and <paramref name="retireIfEmpty"/>.
    /// </summary>
    public int RemoveExpired(long plainCutoffMs, long windowedCutoffMs, bool retireIfEmpty)
    {
        lock (_lock)
        {
            int removed = 0;
            for (int i = 0; i < _used; i++)
            {
                ref var slot = ref _slots[i];
                if (slot.Labels is null)
                {
                    continue;
                }
                long cutoff = slot.Window is null ? plainCutoffMs : windowedCutoffMs;
                if (slot.TimestampMs < cutoff)
                {
                    RemoveAt(i);
                    removed++;
                }
            }
            if (_count == 0 && retireIfEmpty)
            {
                Retired = true;
            }
            else if (_count * 4 < _slots.Length && _slots.Length > 16)
            {
                Rebuild(Math.Max(4, _count * 2));
            }
            return removed;
        }
    }
}
