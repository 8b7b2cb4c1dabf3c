using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

public sealed partial class SeriesStore
{
    /// <summary>
    /// The selected series with their newest sample in [now − lookback, now] (both ends inclusive, as
    /// Prometheus's /federate queries), stale ones omitted, one family at a time in metric-name order.
    /// </summary>
    public IEnumerable<SeriesFamily> SelectLatest(ISeriesMatcher matcher)
    {
        long now = NowMs;
        return SelectLatest(matcher, now - Options.LookbackMs, now);
    }

    /// <summary>As <see cref="SelectLatest(ISeriesMatcher)"/> with an explicit time range.</summary>
    public IEnumerable<SeriesFamily> SelectLatest(ISeriesMatcher matcher, long minMs, long maxMs)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        // Note: a pooled buffer sized to the family up front: growing a fresh one by doubling cost every
        // request ~2× the largest family in (mostly large-object-heap) allocations, copies and zeroing.
        var buffer = Array.Empty<SeriesSample>();
        int held = 0;
        try
        {
            foreach (var table in FamiliesFor(matcher))
            {
                if (buffer.Length < table.Count)
                {
                    ReturnBuffer(buffer);
                    buffer = System.Buffers.ArrayPool<SeriesSample>.Shared.Rent(table.Count);
                }
                int n = table.CollectLatest(matcher, minMs, maxMs, ref buffer);
                if (n == 0)
                {
                    continue;
                }
                held = n;
                yield return new SeriesFamily(table.Name, table.Metadata, new ReadOnlyMemory<SeriesSample>(buffer, 0, n));
                // Note: clear references so that deleted series are not kept alive by the reused (and pooled) buffer.
                Array.Clear(buffer, 0, n);
                held = 0;
            }
        }
        finally
        {
            // Note: a caller that stopped inside a family leaves its references in the buffer.
            Array.Clear(buffer, 0, held);
            ReturnBuffer(buffer);
        }
    }

    // Note: every non-empty buffer here came from the pool (CollectLatest grows through it too), and
    // each goes back exactly once: when replaced by a larger one, or when the selection ends.
    private static void ReturnBuffer(SeriesSample[] buffer)
    {
        if (buffer.Length > 0)
        {
            System.Buffers.ArrayPool<SeriesSample>.Shared.Return(buffer);
        }
    }

    /// <summary>The label sets of every selected series (stale ones included), in <see cref="SeriesOrder"/>.</summary>
    public List<LabelSet> SelectSeries(ISeriesMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        var result = new List<LabelSet>();
        foreach (var table in FamiliesFor(matcher))
        {
            int start = result.Count;
            table.CollectSeries(matcher, result);
            result.Sort(start, result.Count - start, SeriesOrder.Instance);
        }
        return result;
    }

    /// <summary>Every metric name held, in code-point (UTF-8 byte) order.</summary>
    public IReadOnlyList<string> MetricNames()
    {
        var sorted = SortedFamilies();
        var names = new string[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            names[i] = sorted[i].Name;
        }
        return names;
    }

    private IEnumerable<MetricFamilyTable> FamiliesFor(ISeriesMatcher matcher)
    {
        var exact = matcher.ExactNames;
        if (exact is not null)
        {
            var names = new List<string>(exact);
            names.Sort(CodePointOrder.Compare);
            string? previous = null;
            foreach (var name in names)
            {
                if (name != previous && _families.TryGetValue(name, out var table) && matcher.MayMatchName(name))
                {
                    yield return table;
                }
                previous = name;
            }
            yield break;
        }
        foreach (var table in SortedFamilies())
        {
            if (matcher.MayMatchName(table.Name))
            {
                yield return table;
            }
        }
    }

    /// <summary>
    /// Every family in metric-name order, at least as new as every family added or removed before the call.
    /// Note: the list and the version it was built from are published together. A reader compares that
    /// version with the families' own; a stale list is rebuilt under the lock by one reader while the
    /// others wait for it. (A "dirty" flag cleared before the rebuild let a concurrent reader take the old
    /// list meanwhile and miss a whole family already written: ConcurrentReadersTests' lost family.)
    /// </summary>
    private MetricFamilyTable[] SortedFamilies()
    {
        var current = Volatile.Read(ref _sorted);
        if (current.Version == Interlocked.Read(ref _familiesVersion))
        {
            return current.Tables;
        }
        lock (_indexLock)
        {
            // Note: read the version before the dictionary, so a family added meanwhile makes the next reader rebuild.
            long version = Interlocked.Read(ref _familiesVersion);
            current = _sorted;
            if (current.Version != version)
            {
                var tables = _families.Values.ToArray();
                Array.Sort(tables, static (a, b) => CodePointOrder.Compare(a.Name, b.Name));
                current = new SortedIndex(version, tables);
                Volatile.Write(ref _sorted, current);
            }
            return current.Tables;
        }
    }

    /// <summary>The families sorted by name as of <paramref name="Version"/> of <see cref="_familiesVersion"/>.</summary>
    private sealed record SortedIndex(long Version, MetricFamilyTable[] Tables);
}
