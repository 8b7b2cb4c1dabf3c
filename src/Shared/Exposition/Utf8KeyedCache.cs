using System.Buffers.Binary;
using System.Numerics;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// A bounded hash table from UTF-8 byte strings to values, looked up by span without allocating.
/// Note: this is what makes steady-state parsing allocation-free: the same label value, help text
/// or series spelling maps to the one string or <c>LabelSet</c> created the first time it was seen.
/// When <see cref="MaxEntries"/> is reached the table is cleared rather than grown without bound.
/// </summary>
internal sealed class Utf8KeyedCache<T>
    where T : class
{
    private Entry[] _entries;
    private int _count;

    public Utf8KeyedCache(int initialCapacity = 256, int maxEntries = 1 << 21)
    {
        _entries = new Entry[BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2))];
        MaxEntries = maxEntries;
    }

    public int MaxEntries { get; }

    public int Count => _count;

    public bool TryGet(ReadOnlySpan<byte> key, out T value, out uint hash)
    {
        hash = HashOf(key);
        var entries = _entries;
        int mask = entries.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ref var e = ref entries[i];
            if (e.Key is null)
            {
                value = null!;
                return false;
            }
            if (e.Hash == hash && key.SequenceEqual(e.Key))
            {
                value = e.Value;
                return true;
            }
        }
    }

    /// <summary>Adds a key known to be absent (after a failed <see cref="TryGet"/> with the same hash).</summary>
    public void Add(ReadOnlySpan<byte> key, uint hash, T value)
    {
        if (_count >= MaxEntries)
        {
            Array.Clear(_entries);
            _count = 0;
        }
        else if ((_count + 1) * 2 > _entries.Length)
        {
            Grow();
        }
        Insert(_entries, key.ToArray(), hash, value);
        _count++;
    }

    private void Grow()
    {
        var bigger = new Entry[_entries.Length * 2];
        foreach (var e in _entries)
        {
            if (e.Key is not null)
            {
                Insert(bigger, e.Key, e.Hash, e.Value);
            }
        }
        _entries = bigger;
    }

    private static void Insert(Entry[] entries, byte[] key, uint hash, T value)
    {
        int mask = entries.Length - 1;
        int i = (int)hash & mask;
        while (entries[i].Key is not null)
        {
            i = (i + 1) & mask;
        }
        entries[i] = new Entry { Key = key, Hash = hash, Value = value };
    }

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
        public byte[]? Key;
        public uint Hash;
        public T Value;
    }
}
