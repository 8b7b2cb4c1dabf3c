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

    private readonly ProbingTable<Utf8KeyEntry> _table;
    private byte[] _arena;
    private int _arenaLength;

    public Utf8KeyedCache(int initialCapacity = 256, int maxEntries = 1 << 21)
    {
        _table = new ProbingTable<Utf8KeyEntry>(initialCapacity);
        _arena = new byte[Math.Max(8, initialCapacity) * 32];
        MaxEntries = maxEntries;
    }

    public int MaxEntries { get; }

    public int Count => _table.Count;

    /// <summary>Bytes the key arena and the entry array take (the slots not counted).</summary>
    internal long CapacityBytes => _arena.Length + _table.EntryBytes;

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
        int probe = -1;
        for (int index = _table.NextCandidate(hash, ref probe); index >= 0; index = _table.NextCandidate(hash, ref probe))
        {
            ref var e = ref _table[index];
            if (key.SequenceEqual(_arena.AsSpan(e.KeyStart, e.KeyLength)))
            {
                value = Unsafe.As<T>(e.Value);
                _table.Use(index);
                return true;
            }
        }
        value = null!;
        return false;
    }

    /// <summary>The entry looked up after the last one the previous time round (false when none is known).</summary>
    public bool TryPeekNext(out ReadOnlySpan<byte> key, out T value)
    {
        int next = _table.PeekNext();
        if (next < 0)
        {
            key = default;
            value = null!;
            return false;
        }
        ref var e = ref _table[next];
        key = _arena.AsSpan(e.KeyStart, e.KeyLength);
        value = Unsafe.As<T>(e.Value);
        return true;
    }

    /// <summary>Records that the entry returned by <see cref="TryPeekNext"/> was used.</summary>
    public void TakeNext() => _table.TakeNext();

    /// <summary>Adds a key known to be absent (after a failed <see cref="TryGet"/> with the same hash).</summary>
    public void Add(ReadOnlySpan<byte> key, uint hash, T value)
    {
        if (_table.Count >= MaxEntries || _arenaLength + key.Length > MaxArenaBytes)
        {
            _table.Clear();
            _arenaLength = 0;
        }
        if (_arena.Length - _arenaLength < key.Length)
        {
            Array.Resize(ref _arena, (int)Math.Min(MaxArenaBytes, Math.Max(_arena.Length * 2L, _arenaLength + (long)key.Length)));
        }
        key.CopyTo(_arena.AsSpan(_arenaLength));
        _table.Add(new Utf8KeyEntry { KeyStart = _arenaLength, KeyLength = key.Length, Hash = hash, Value = value });
        _arenaLength += key.Length;
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
}

/// <summary>
/// An entry of <see cref="Utf8KeyedCache{T}"/>: where its key lies in the arena, and its value. Note: not nested in
/// the generic class and holding an object rather than a T, so that <see cref="ProbingTable{TEntry}"/> over it is
/// compiled once for this struct; over a struct with a T field the JIT shares one copy for every reference T and
/// looks the entry's members up at run time (+5% instructions per text read of 100k series, measured).
/// </summary>
internal struct Utf8KeyEntry : IProbingEntry
{
    public int KeyStart { get; init; }

    public int KeyLength { get; init; }

    public uint Hash { get; init; }

    public int Next { get; set; }

    /// <summary>Always the cache's T.</summary>
    public object Value { get; init; }
}
