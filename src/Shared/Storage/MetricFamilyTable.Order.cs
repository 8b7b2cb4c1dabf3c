using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

internal sealed partial class MetricFamilyTable
{
    /// <summary>
    /// Brings the family's sort order up to date if a series came or went since it was built, and hands every
    /// series added since to <paramref name="added"/> (outside the lock). Called by the poll that changed the
    /// family (<see cref="SeriesStore.PrepareReads"/>), so that a /federate finds the order built. Returns how
    /// many series were added to the order.
    /// </summary>
    public int PrepareOrder(Action<LabelSet>? added)
    {
        lock (_lock)
        {
            if (_order is { } cached && cached.Shape == _shape)
            {
                return 0;
            }
        }
        return Build(added, out _);
    }

    /// <summary>
    /// The live slots in <see cref="SeriesOrder"/>, built once per shape and reused by every selection
    /// until a series is added or removed: a /federate of an unchanged family does not sort.
    /// </summary>
    private SlotOrder CurrentOrder()
    {
        lock (_lock)
        {
            if (_order is { } cached && cached.Shape == _shape)
            {
                return cached;
            }
        }
        Build(null, out var built);
        return built;
    }

    /// <summary>
    /// Rebuilds the order from the previous one: the series it holds that are still in their slot keep their
    /// relative order, only the series added since are sorted, and the two runs are merged. A poll that adds
    /// a few series to a large family sorts those few, not the family (the previous whole sort cost ~3 µs per
    /// series at 100k, BENCHMARKS.md "Warm-up"). Slots moved by a compaction count as added.
    /// Note: the sort and merge run outside the lock (writers keep appending meanwhile). The result is used
    /// for reads only while the shape is the one it was built at, but it is kept as the base of the next
    /// rebuild even when a writer changed the shape meanwhile, unless a newer order was kept first.
    /// </summary>
    private int Build(Action<LabelSet>? added, out SlotOrder built)
    {
        SlotOrder? previous;
        LabelSet[] keptKeys, newKeys;
        int[] keptIndices, newIndices;
        int kept = 0, fresh = 0, shape;
        lock (_lock)
        {
            previous = _order;
            shape = _shape;
            var covered = new bool[_used];
            keptKeys = new LabelSet[Math.Min(_count, previous?.Keys.Length ?? 0)];
            keptIndices = new int[keptKeys.Length];
            if (previous is not null)
            {
                for (int k = 0; k < previous.Keys.Length && kept < keptKeys.Length; k++)
                {
                    int slot = previous.Indices[k];
                    if (slot < _used && ReferenceEquals(_slots[slot].Labels, previous.Keys[k]))
                    {
                        covered[slot] = true;
                        keptKeys[kept] = previous.Keys[k];
                        keptIndices[kept++] = slot;
                    }
                }
            }
            newKeys = new LabelSet[_count - kept];
            newIndices = new int[newKeys.Length];
            for (int i = 0; i < _used && fresh < newKeys.Length; i++)
            {
                var labels = _slots[i].Labels;
                if (labels is not null && !covered[i])
                {
                    newKeys[fresh] = labels;
                    newIndices[fresh++] = i;
                }
            }
        }
        Array.Sort(newKeys, newIndices, 0, fresh, SeriesOrder.Instance);
        built = Merge(shape, keptKeys, keptIndices, kept, newKeys, newIndices, fresh);
        lock (_lock)
        {
            if (_order is null || ReferenceEquals(_order, previous) || _order.Shape - built.Shape < 0)
            {
                _order = built;
            }
        }
        if (added is not null)
        {
            for (int i = 0; i < fresh; i++)
            {
                added(newKeys[i]);
            }
        }
        return fresh;
    }

    private static SlotOrder Merge(int shape, LabelSet[] keptKeys, int[] keptIndices, int kept, LabelSet[] newKeys, int[] newIndices, int fresh)
    {
        if (fresh == 0 && kept == keptKeys.Length)
        {
            return new SlotOrder(shape, keptIndices, keptKeys);
        }
        var keys = new LabelSet[kept + fresh];
        var indices = new int[keys.Length];
        int a = 0, b = 0, n = 0;
        while (a < kept && b < fresh)
        {
            bool takeKept = SeriesOrder.Instance.Compare(keptKeys[a], newKeys[b]) <= 0;
            keys[n] = takeKept ? keptKeys[a] : newKeys[b];
            indices[n++] = takeKept ? keptIndices[a++] : newIndices[b++];
        }
        for (; a < kept; a++, n++)
        {
            keys[n] = keptKeys[a];
            indices[n] = keptIndices[a];
        }
        for (; b < fresh; b++, n++)
        {
            keys[n] = newKeys[b];
            indices[n] = newIndices[b];
        }
        return new SlotOrder(shape, indices, keys);
    }

    /// <summary>
    /// Slot indices sorted by their series' labels, valid for reads while the table's shape is <see cref="Shape"/>;
    /// <see cref="Keys"/> holds the label set each index held then, so that a later rebuild can tell which
    /// entries still stand.
    /// </summary>
    private sealed record SlotOrder(int Shape, int[] Indices, LabelSet[] Keys);
}
