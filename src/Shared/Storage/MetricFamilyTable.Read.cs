using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

internal sealed partial class MetricFamilyTable
{
    /// <summary>
    /// Copies the selected series' newest sample in [min, max] into <paramref name="buffer"/> (empty or
    /// rented from the shared pool; grown through the pool as needed) in <see cref="SeriesOrder"/>, or its newest sample when that is after max and no
    /// earlier one is held; series whose sample is a stale marker are omitted, as Prometheus's
    /// /federate omits them. Returns the number copied.
    /// </summary>
    public int CollectLatest(ISeriesMatcher matcher, long minMs, long maxMs, ref SeriesSample[] buffer)
    {
        var order = CurrentOrder();
        // Note: a selector that decided on the name alone selects every series of the family.
        bool all = matcher.MatchesWholeFamily(Name);
        lock (_lock)
        {
            if (order.Shape != _shape)
            {
                // Note: a series came or went since the order was built; copy in slot order and sort.
                int copied = Collect(matcher, all, minMs, maxMs, ref buffer, null);
                Array.Sort(buffer, 0, copied, SeriesOrder.Instance);
                return copied;
            }
            return Collect(matcher, all, minMs, maxMs, ref buffer, order.Indices);
        }
    }

    // Note: the caller holds _lock; indices null = slot order over every used slot.
    private int Collect(ISeriesMatcher matcher, bool all, long minMs, long maxMs, ref SeriesSample[] buffer, int[]? indices)
    {
        int n = 0;
        int end = indices?.Length ?? _used;
        for (int k = 0; k < end; k++)
        {
            ref var slot = ref _slots[indices is null ? k : indices[k]];
            if (slot.Labels is null)
            {
                continue;
            }
            var sample = new Sample(slot.TimestampMs, slot.Value);
            // Note: most series hold only their newest sample. One newer than the query's end (a write
            // that landed while this read ran, or a site whose clock runs ahead within the accepted future
            // grace) stands in for the older sample a TSDB would still hold, instead of the series vanishing.
            if (sample.TimestampMs > maxMs && slot.Window is not null && slot.Window.TryLatestAtOrBefore(maxMs, out var earlier))
            {
                sample = earlier;
            }
            if (sample.TimestampMs < minMs || sample.IsStale || (!all && !matcher.Matches(slot.Labels)))
            {
                continue;
            }
            if (n == buffer.Length)
            {
                buffer = GrowPooled(buffer, n);
            }
            buffer[n++] = new SeriesSample(slot.Labels, sample);
        }
        return n;
    }

    /// <summary>
    /// A pooled buffer twice as large holding the first <paramref name="used"/> entries of
    /// <paramref name="buffer"/>, which goes back to the pool cleared (an empty array is not the pool's).
    /// Note: a series added between the caller's sizing and this copy lands here; growing through the
    /// pool keeps "every non-empty buffer came from the pool", so the caller returns exactly what it rented.
    /// </summary>
    private static SeriesSample[] GrowPooled(SeriesSample[] buffer, int used)
    {
        var grown = System.Buffers.ArrayPool<SeriesSample>.Shared.Rent(Math.Max(16, buffer.Length * 2));
        Array.Copy(buffer, grown, used);
        if (buffer.Length > 0)
        {
            Array.Clear(buffer, 0, used);
            System.Buffers.ArrayPool<SeriesSample>.Shared.Return(buffer);
        }
        return grown;
    }

    /// <summary>Adds the label sets of the selected series (stale or not) to <paramref name="into"/>.</summary>
    public void CollectSeries(ISeriesMatcher matcher, List<LabelSet> into)
    {
        lock (_lock)
        {
            for (int i = 0; i < _used; i++)
            {
                var labels = _slots[i].Labels;
                if (labels is not null && matcher.Matches(labels))
                {
                    into.Add(labels);
                }
            }
        }
    }

    /// <summary>Adds each selected series with its samples in [min, max] (windowed, or the latest only).</summary>
    public void CollectSamples(ISeriesMatcher matcher, long minMs, long maxMs, List<Sample> scratch, List<PromQl.Evaluation.SeriesSamples> into)
    {
        lock (_lock)
        {
            for (int i = 0; i < _used; i++)
            {
                ref var slot = ref _slots[i];
                if (slot.Labels is null || !matcher.Matches(slot.Labels))
                {
                    continue;
                }
                scratch.Clear();
                if (slot.Window is not null)
                {
                    slot.Window.CopyTo(minMs, maxMs, scratch);
                }
                else if (slot.TimestampMs >= minMs && slot.TimestampMs <= maxMs)
                {
                    scratch.Add(new Sample(slot.TimestampMs, slot.Value));
                }
                if (scratch.Count > 0)
                {
                    into.Add(new PromQl.Evaluation.SeriesSamples(slot.Labels, scratch.ToArray()));
                }
            }
        }
    }

    /// <summary>
    /// Hands each selected series with its samples in [min, max] to <paramref name="visitor"/>, under
    /// the family lock, through the reused <paramref name="scratch"/> (nothing allocated per series).
    /// </summary>
    public void VisitSamples(ISeriesMatcher? matcher, long minMs, long maxMs, ref Sample[] scratch, PromQl.Evaluation.ISeriesVisitor visitor)
    {
        lock (_lock)
        {
            for (int i = 0; i < _used; i++)
            {
                ref var slot = ref _slots[i];
                if (slot.Labels is null || (matcher is not null && !matcher.Matches(slot.Labels)))
                {
                    continue;
                }
                int n;
                if (slot.Window is not null)
                {
                    n = slot.Window.CopyTo(minMs, maxMs, ref scratch);
                }
                else if (slot.TimestampMs >= minMs && slot.TimestampMs <= maxMs)
                {
                    scratch[0] = new Sample(slot.TimestampMs, slot.Value);
                    n = 1;
                }
                else
                {
                    n = 0;
                }
                if (n > 0)
                {
                    visitor.Visit(slot.Labels, new ReadOnlySpan<Sample>(scratch, 0, n));
                }
            }
        }
    }
}
