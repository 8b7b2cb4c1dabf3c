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
    private readonly ProbingTable<Entry> _table;

    public SeriesHashCache(int initialCapacity = 1024, int maxEntries = 1 << 21)
    {
        _table = new ProbingTable<Entry>(initialCapacity);
        MaxEntries = maxEntries;
    }

    /// <summary>Entries beyond this many clear the table (a bound on memory per source).</summary>
    public int MaxEntries { get; }

    public int Count => _table.Count;

    /// <summary>Bytes the entries and the hash slots take.</summary>
    internal long CapacityBytes => _table.EntryBytes + _table.SlotBytes;

    /// <summary>The entry used after the last one the previous time round (false when none is known).</summary>
    public bool TryPeekNext(out LabelSet value)
    {
        int next = _table.PeekNext();
        value = next >= 0 ? _table[next].Value : null!;
        return next >= 0;
    }

    /// <summary>Records that the entry returned by <see cref="TryPeekNext"/> was confirmed and used.</summary>
    public void TakeNext() => _table.TakeNext();

    /// <summary>
    /// The next entry whose hash is <paramref name="hash"/>, starting the probe with <paramref name="probe"/> = -1;
    /// -1 when there is none left. Every one returned is only a candidate until confirmed.
    /// </summary>
    public int NextCandidate(uint hash, ref int probe) => _table.NextCandidate(hash, ref probe);

    public LabelSet ValueAt(int index) => _table[index].Value;

    /// <summary>Records that the candidate <paramref name="index"/> was confirmed and used.</summary>
    public void Use(int index) => _table.Use(index);

    /// <summary>Adds a series no candidate of <paramref name="hash"/> confirmed.</summary>
    public void Add(uint hash, LabelSet value)
    {
        if (_table.Count >= MaxEntries)
        {
            _table.Clear();
        }
        _table.Add(new Entry { Hash = hash, Value = value });
    }

    private struct Entry : IProbingEntry
    {
        public uint Hash { get; init; }

        public int Next { get; set; }

        public LabelSet Value { get; init; }
    }
}
