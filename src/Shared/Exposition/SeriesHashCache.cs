using System.Numerics;
using System.Runtime.CompilerServices;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// The protobuf reader's series cache: a bounded hash table from a hash of a series' encoded label fields to
/// the <see cref="LabelSet"/> decoded from them, without the encoded bytes. Note: keeping each series' bytes to
/// compare against (as <see cref="Utf8KeyedCache{T}"/> does) cost ~120 B per series of a 100k-series source, the
/// largest item of a Node's poll path (BENCHMARKS.md "Node memory, wave 4"). A hash alone cannot prove a hit,
/// so the caller confirms every candidate against the label set itself (the decoder compares the body's label
/// pairs with the set's labels): a collision of the hash, accidental or crafted, is a failed confirmation and
/// the probe goes on; it never yields another series' labels.
/// Note: a source lists its series in the same order on every poll, so each entry remembers which entry was
/// used after it last time (<see cref="TryPeekNext"/>): in steady state the decoder confirms that one and
/// computes no hash at all. Not thread-safe (one parse at a time).
/// </summary>
internal sealed class SeriesHashCache
{
    private Entry[] _entries;
    private int[] _slots;
    private int _count;
    private int _last = -1;

    public SeriesHashCache(int initialCapacity = 1024, int maxEntries = 1 << 21)
    {
        initialCapacity = Math.Max(8, initialCapacity);
        _entries = new Entry[initialCapacity];
        _slots = new int[BitOperations.RoundUpToPowerOf2((uint)initialCapacity * 2)];
        MaxEntries = maxEntries;
    }

    /// <summary>Entries beyond this many clear the table (a bound on memory per source).</summary>
    public int MaxEntries { get; }

    public int Count => _count;

    /// <summary>Bytes the entries and the hash slots take.</summary>
    internal long CapacityBytes => (long)_entries.Length * Unsafe.SizeOf<Entry>() + (long)_slots.Length * sizeof(int);

    /// <summary>The entry used after the last one the previous time round (false when none is known).</summary>
    public bool TryPeekNext(out LabelSet value)
    {
        int next = _last >= 0 ? _entries[_last].Next : -1;
        value = next >= 0 ? _entries[next].Value : null!;
        return next >= 0;
    }

    /// <summary>Records that the entry returned by <see cref="TryPeekNext"/> was confirmed and used.</summary>
    public void TakeNext() => _last = _entries[_last].Next;

    /// <summary>
    /// The next entry whose hash is <paramref name="hash"/>, starting the probe with <paramref name="probe"/> = -1;
    /// -1 when there is none left. Every one returned is only a candidate until confirmed.
    /// </summary>
    public int NextCandidate(uint hash, ref int probe)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        for (int i = probe < 0 ? (int)hash & mask : (probe + 1) & mask; ; i = (i + 1) & mask)
        {
            int index = slots[i] - 1;
            if (index < 0)
            {
                probe = i;
                return -1;
            }
            if (_entries[index].Hash == hash)
            {
                probe = i;
                return index;
            }
        }
    }

    public LabelSet ValueAt(int index) => _entries[index].Value;

    /// <summary>Records that the candidate <paramref name="index"/> was confirmed and used.</summary>
    public void Use(int index) => Visit(index);

    /// <summary>Adds a series no candidate of <paramref name="hash"/> confirmed.</summary>
    public void Add(uint hash, LabelSet value)
    {
        if (_count >= MaxEntries)
        {
            Clear();
        }
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }
        if ((_count + 1) * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }
        int index = _count++;
        _entries[index] = new Entry { Hash = hash, Next = -1, Value = value };
        ProbingSlots.Insert(_slots, index, hash);
        Visit(index);
    }

    private void Visit(int index)
    {
        if (_last >= 0)
        {
            _entries[_last].Next = index;
        }
        _last = index;
    }

    private void Clear()
    {
        Array.Clear(_entries, 0, _count);
        Array.Clear(_slots);
        _count = 0;
        _last = -1;
    }

    private void Rehash(int size) => _slots = ProbingSlots.Build(size, _count, i => _entries[i].Hash);

    private struct Entry
    {
        public uint Hash;
        public int Next;
        public LabelSet Value;
    }
}
