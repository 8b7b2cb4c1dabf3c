using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

internal sealed partial class MetricFamilyTable
{
    // Note: the caller holds _lock in every method of this file.

    private int Find(LabelSet labels)
    {
        int i = _buckets[(int)(labels.Hash % (uint)_buckets.Length)] - 1;
        while (i >= 0)
        {
            ref var slot = ref _slots[i];
            if (ReferenceEquals(slot.Labels, labels) || labels.Equals(slot.Labels))
            {
                return i;
            }
            i = slot.Next;
        }
        return -1;
    }

    private void Insert(LabelSet labels, long timestampMs, double value, SampleWindow? window)
    {
        int i;
        if (_freeList >= 0)
        {
            i = _freeList;
            _freeList = _slots[i].Next;
        }
        else
        {
            if (_used == _slots.Length)
            {
                Rebuild(_slots.Length * 2);
            }
            i = _used++;
        }
        int b = (int)(labels.Hash % (uint)_buckets.Length);
        _slots[i] = new Slot { Labels = labels, TimestampMs = timestampMs, Value = value, Window = window, Next = _buckets[b] - 1 };
        _buckets[b] = i + 1;
        _shape++;
        Volatile.Write(ref _count, _count + 1);
    }

    private void RemoveAt(int index)
    {
        var labels = _slots[index].Labels!;
        int b = (int)(labels.Hash % (uint)_buckets.Length);
        int i = _buckets[b] - 1, previous = -1;
        while (i != index)
        {
            previous = i;
            i = _slots[i].Next;
        }
        if (previous < 0)
        {
            _buckets[b] = _slots[index].Next + 1;
        }
        else
        {
            _slots[previous].Next = _slots[index].Next;
        }
        _slots[index] = new Slot { Next = _freeList };
        _freeList = index;
        _release(labels);
        _shape++;
        Volatile.Write(ref _count, _count - 1);
    }

    /// <summary>Compacts live slots into a new array of <paramref name="capacity"/> and rehashes.</summary>
    private void Rebuild(int capacity)
    {
        var old = _slots;
        int oldUsed = _used;
        _slots = new Slot[capacity];
        _buckets = new int[capacity];
        _used = 0;
        _freeList = -1;
        _shape++;
        for (int i = 0; i < oldUsed; i++)
        {
            ref var s = ref old[i];
            if (s.Labels is null)
            {
                continue;
            }
            int b = (int)(s.Labels.Hash % (uint)capacity);
            _slots[_used] = s with { Next = _buckets[b] - 1 };
            _buckets[b] = ++_used;
        }
    }

    private struct Slot
    {
        public LabelSet? Labels;
        public long TimestampMs;
        public double Value;
        public SampleWindow? Window;
        public int Next;
    }
}
