using System.Runtime.CompilerServices;

namespace Aggregator.Shared.Storage;

/// <summary>
/// Merges several streams sorted by <see cref="SeriesOrder"/> (the answers of ring members) into one
/// sorted stream, de-duplicating replicas: of several samples with equal labels the one with the newest
/// timestamp wins (on a tie, the earliest stream's). Memory: one pending sample per stream.
/// A stream that goes backwards is a bug in its producer and fails the merge with a clear message,
/// because silently emitting unsorted output would break every consumer downstream.
/// </summary>
public static class SortedSeriesMerge
{
    /// <summary>Merges synchronous sorted streams.</summary>
    public static IEnumerable<SeriesSample> Merge(IReadOnlyList<IEnumerable<SeriesSample>> streams)
    {
        var enumerators = new IEnumerator<SeriesSample>[streams.Count];
        var queue = new PriorityQueue<int, (SeriesSample Sample, int Stream)>(streams.Count, HeadOrder.Instance);
        try
        {
            for (int i = 0; i < streams.Count; i++)
            {
                enumerators[i] = streams[i].GetEnumerator();
                if (enumerators[i].MoveNext())
                {
                    queue.Enqueue(i, (enumerators[i].Current, i));
                }
            }
            while (queue.TryDequeue(out int stream, out var head))
            {
                var best = head.Sample;
                Advance(enumerators[stream], stream, head.Sample, queue);
                while (queue.TryPeek(out int other, out var next) && next.Sample.Labels.Equals(best.Labels))
                {
                    queue.Dequeue();
                    if (next.Sample.Sample.TimestampMs > best.Sample.TimestampMs)
                    {
                        best = next.Sample;
                    }
                    Advance(enumerators[other], other, next.Sample, queue);
                }
                yield return best;
            }
        }
        finally
        {
            foreach (var e in enumerators)
            {
                e?.Dispose();
            }
        }
    }

    /// <summary>Merges asynchronous sorted streams (e.g. HTTP answers parsed as they arrive).</summary>
    public static async IAsyncEnumerable<SeriesSample> MergeAsync(
        IReadOnlyList<IAsyncEnumerable<SeriesSample>> streams,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var enumerators = new IAsyncEnumerator<SeriesSample>[streams.Count];
        var queue = new PriorityQueue<int, (SeriesSample Sample, int Stream)>(streams.Count, HeadOrder.Instance);
        try
        {
            for (int i = 0; i < streams.Count; i++)
            {
                enumerators[i] = streams[i].GetAsyncEnumerator(cancellationToken);
                if (await enumerators[i].MoveNextAsync())
                {
                    queue.Enqueue(i, (enumerators[i].Current, i));
                }
            }
            while (queue.TryDequeue(out int stream, out var head))
            {
                var best = head.Sample;
                await AdvanceAsync(enumerators[stream], stream, head.Sample, queue);
                while (queue.TryPeek(out int other, out var next) && next.Sample.Labels.Equals(best.Labels))
                {
                    queue.Dequeue();
                    if (next.Sample.Sample.TimestampMs > best.Sample.TimestampMs)
                    {
                        best = next.Sample;
                    }
                    await AdvanceAsync(enumerators[other], other, next.Sample, queue);
                }
                yield return best;
            }
        }
        finally
        {
            foreach (var e in enumerators)
            {
                if (e is not null)
                {
                    await e.DisposeAsync();
                }
            }
        }
    }

    private static void Advance(IEnumerator<SeriesSample> e, int stream, SeriesSample previous, PriorityQueue<int, (SeriesSample, int)> queue)
    {
        if (e.MoveNext())
        {
            Enqueue(e.Current, stream, previous, queue);
        }
    }

    private static async ValueTask AdvanceAsync(IAsyncEnumerator<SeriesSample> e, int stream, SeriesSample previous, PriorityQueue<int, (SeriesSample, int)> queue)
    {
        if (await e.MoveNextAsync())
        {
            Enqueue(e.Current, stream, previous, queue);
        }
    }

    private static void Enqueue(SeriesSample next, int stream, SeriesSample previous, PriorityQueue<int, (SeriesSample, int)> queue)
    {
        if (SeriesOrder.Instance.Compare(previous.Labels, next.Labels) > 0)
        {
            throw new InvalidOperationException(
                $"merge input {stream} is not sorted: {next.Labels} came after {previous.Labels}");
        }
        queue.Enqueue(stream, (next, stream));
    }

    private sealed class HeadOrder : IComparer<(SeriesSample Sample, int Stream)>
    {
        public static readonly HeadOrder Instance = new();

        public int Compare((SeriesSample Sample, int Stream) x, (SeriesSample Sample, int Stream) y)
        {
            int c = SeriesOrder.Instance.Compare(x.Sample.Labels, y.Sample.Labels);
            return c != 0 ? c : x.Stream.CompareTo(y.Stream);
        }
    }
}
