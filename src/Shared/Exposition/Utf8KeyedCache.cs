using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// A bounded hash table from UTF-8 byte strings to values, looked up by span without allocating.
/// Note: this is what makes steady-state parsing allocation-free: the same label value, help text
/// or series spelling maps to the one string or <c>LabelSet</c> created the first time it was seen.
/// When <see cref="MaxEntries"/> is reached the table is cleared rather than grown without bound.
/// Note: a target exposes its series in the same order on every scrape, so each entry remembers which
/// entry was looked up after it last time and <see cref="TryGet"/> tries that one first: in steady
/// state a lookup is one sequential key comparison (keys sit one after another in a byte arena) with
/// no hashing and no random memory access, which is what a 100k-series body spends most time on.
/// </summary>
internal sealed class Utf8KeyedCache<T>
    where T : class
{
    /// <summary>Keys beyond this many bytes in total clear the table (a bound on memory per target).</summary>
    private const int MaxArenaBytes = 1 << 30;

    private byte[] _arena;
    private int _arenaLength;
    private Entry[] _entries;
    private int[] _slots;
    private int _count;
    private int _last = -1;

    public Utf8KeyedCache(int initialCapacity = 256, int maxEntries = 1 << 21)
    {
        initialCapacity = Math.Max(8, initialCapacity);
        _entries = new Entry[initialCapacity];
        _slots = new int[BitOperations.RoundUpToPowerOf2((uint)initialCapacity * 2)];
        _arena = new byte[initialCapacity * 32];
        MaxEntries = maxEntries;
    }

    public int MaxEntries { get; }

    public int Count => _count;

    /// <summary>Bytes the key arena and the entry array take (the slots not counted).</summary>
    internal long CapacityBytes => _arena.Length + (long)_entries.Length * Unsafe.SizeOf<Entry>();

    /// <summary>Looks <paramref name="key"/> up; on a miss <paramref name="hash"/> is what <see cref="Add"/> needs.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out T value, out uint hash)
    {
        if (TryPeekNext(out var predicted, out value) && key.SequenceEqual(predicted))
        {
            TakeNext();
            hash = 0;
            return true;
        }
        hash = HashOf(key);
        var slots = _slots;
        int mask = slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            int index = slots[i] - 1;
            if (index < 0)
            {
                value = null!;
                return false;
            }
            ref var e = ref _entries[index];
            if (e.Hash == hash && key.SequenceEqual(_arena.AsSpan(e.KeyStart, e.KeyLength)))
            {
                value = e.Value;
                Visit(index);
                return true;
            }
        }
    }

    /// <summary>The entry looked up after the last one the previous time round (false when none is known).</summary>
    public bool TryPeekNext(out ReadOnlySpan<byte> key, out T value)
    {
        int next = _last >= 0 ? _entries[_last].Next : -1;
        if (next < 0)
        {
            key = default;
            value = null!;
            return false;
        }
        ref var e = ref _entries[next];
        key = _arena.AsSpan(e.KeyStart, e.KeyLength);
        value = e.Value;
        return true;
    }

    /// <summary>Records that the entry returned by <see cref="TryPeekNext"/> was used.</summary>
    public void TakeNext() => _last = _entries[_last].Next;

    /// <summary>Adds a key known to be absent (after a failed <see cref="TryGet"/> with the same hash).</summary>
    public void Add(ReadOnlySpan<byte> key, uint hash, T value)
    {
        if (_count >= MaxEntries || _arenaLength + key.Length > MaxArenaBytes)
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
        if (_arena.Length - _arenaLength < key.Length)
        {
            Array.Resize(ref _arena, (int)Math.Min(MaxArenaBytes, Math.Max(_arena.Length * 2L, _arenaLength + (long)key.Length)));
        }
        key.CopyTo(_arena.AsSpan(_arenaLength));
        int index = _count++;
        _entries[index] = new Entry { KeyStart = _arenaLength, KeyLength = key.Length, Hash = hash, Next = -1, Value = value };
        _arenaLength += key.Length;
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
        _arenaLength = 0;
        _last = -1;
    }

    private void Rehash(int size) => _slots = ProbingSlots.Build(size, _count, i => _entries[i].Hash);

    /// <summary>A fast non-cryptographic hash (8 bytes per step); only used in-process.</summary>
    internal static uint HashOf(ReadOnlySpan<byte> key)
    {
        const ulong Prime = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)key.Length * Prime;
        while (key.Length >= 8)
        {
            h = (BitOperations.RotateLeft(h, 23) ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * Prime;
            key = key[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < key.Length; i++)
        {
            tail |= (ulong)key[i] << (8 * i);
        }
        h = (BitOperations.RotateLeft(h, 23) ^ tail) * Prime;
        return (uint)(h ^ (h >> 29) ^ (h >> 47));
    }

    private struct Entry
    {
        public int KeyStart;
        public int KeyLength;
        public uint Hash;
        public int Next;
        public T Value;
    }
}
