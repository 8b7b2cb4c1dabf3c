using System.Numerics;
using System.Runtime.CompilerServices;

namespace Aggregator.Shared.Exposition;

/// <summary>What <see cref="ProbingTable{TEntry}"/> needs of an entry: its hash and the link to the entry used after it.</summary>
internal interface IProbingEntry
{
    uint Hash { get; }

    int Next { get; set; }
}

/// <summary>
/// The table both decoder caches keep their entries in: the entries in insertion order, indexed by an
/// open-addressing slot array (a power of two of entry index + 1, 0 = empty, probed linearly from the hash), and a
/// chain of which entry was used after which. Note: a source lists its series in the same order on every read, so
/// following the chain (<see cref="PeekNext"/>) finds the next one with no hash and no random memory access.
/// What an entry holds and how a candidate is confirmed is the cache's business. Not thread-safe.
/// </summary>
internal sealed class ProbingTable<TEntry>
    where TEntry : struct, IProbingEntry
{
    private TEntry[] _entries;
    private int[] _slots;
    private int _count;
    private int _last = -1;

    public ProbingTable(int initialCapacity)
    {
        initialCapacity = Math.Max(8, initialCapacity);
        _entries = new TEntry[initialCapacity];
        _slots = new int[BitOperations.RoundUpToPowerOf2((uint)initialCapacity * 2)];
    }

    public int Count => _count;

    /// <summary>Bytes the entry array takes.</summary>
    public long EntryBytes => (long)_entries.Length * Unsafe.SizeOf<TEntry>();

    /// <summary>Bytes the slot array takes.</summary>
    public long SlotBytes => (long)_slots.Length * sizeof(int);

    public ref TEntry this[int index] => ref _entries[index];

    /// <summary>The entry used after the last one the previous time round, or -1 when none is known.</summary>
    public int PeekNext() => _last >= 0 ? _entries[_last].Next : -1;

    /// <summary>Records that the entry <see cref="PeekNext"/> returned was used.</summary>
    public void TakeNext() => _last = _entries[_last].Next;

    /// <summary>
    /// The next entry whose hash is <paramref name="hash"/>, starting the probe with <paramref name="probe"/> = -1;
    /// -1 when there is none left. Every one returned is only a candidate until the cache confirms it.
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

    /// <summary>Records that the entry <paramref name="index"/> was used (it follows the last one used).</summary>
    public void Use(int index)
    {
        if (_last >= 0)
        {
            _entries[_last].Next = index;
        }
        _last = index;
    }

    /// <summary>Adds <paramref name="entry"/> (its <c>Next</c> is reset), marks it used and returns its index.</summary>
    public int Add(TEntry entry)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }
        if ((_count + 1) * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }
        int index = _count++;
        entry.Next = -1;
        _entries[index] = entry;
        Insert(_slots, index, entry.Hash);
        Use(index);
        return index;
    }

    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        Array.Clear(_slots);
        _count = 0;
        _last = -1;
    }

    private void Rehash(int size)
    {
        var slots = new int[size];
        for (int i = 0; i < _count; i++)
        {
            Insert(slots, i, _entries[i].Hash);
        }
        _slots = slots;
    }

    private static void Insert(int[] slots, int index, uint hash)
    {
        int mask = slots.Length - 1;
        int i = (int)hash & mask;
        while (slots[i] != 0)
        {
            i = (i + 1) & mask;
        }
        slots[i] = index + 1;
    }
}
