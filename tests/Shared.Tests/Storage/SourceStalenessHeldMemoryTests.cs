using System.Globalization;
using System.Runtime.CompilerServices;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Xunit.Abstractions;

namespace Aggregator.Shared.Tests.Storage;

/// <summary>
/// What the staleness tracker holds per series between polls, beyond the label sets (which the store keeps
/// anyway): <c>GC.GetTotalMemory(true)</c> deltas with the label sets alive on both sides of the difference.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class SourceStalenessHeldMemoryTests(ITestOutputHelper output)
{
    private const int Series = 100_000;

    // Note: two arrays of references (this poll's and the last one's), 8 B each per series; the dictionary
    // "series → poll last seen" they replace held ~48 B per series (BENCHMARKS.md "Node memory, wave 4").
    private const int Budget = 24;

    [Fact]
    public void CompletePoll_SameSeriesEveryPoll_HoldsAtMostTwoReferencesPerSeries()
    {
        var series = Enumerable.Range(0, Series)
            .Select(i => LabelSet.Of("__name__", "m", "series", i.ToString(CultureInfo.InvariantCulture))).ToArray();
        long baseline = SettledHeap();

        var tracker = PollThreeTimes(series, out int stale);

        double perSeries = (SettledHeap() - baseline) / (double)Series;
        output.WriteLine($"series={tracker.Count} heldBytesPerSeries={perSeries:F1}");
        Assert.Equal(Series, tracker.Count);
        Assert.Equal(0, stale);
        Assert.InRange(perSeries, 1, Budget);
        GC.KeepAlive(tracker);
        GC.KeepAlive(series);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SourceStaleness PollThreeTimes(LabelSet[] series, out int stale)
    {
        var tracker = new SourceStaleness();
        var sink = new CountingSink();
        for (int poll = 0; poll < 3; poll++)
        {
            foreach (var s in series)
            {
                tracker.Seen(s);
            }
            tracker.CompletePoll(poll, sink);
        }
        stale = sink.Marked;
        return tracker;
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private sealed class CountingSink : IStaleSink
    {
        public int Marked { get; private set; }

        public void MarkStale(LabelSet series, long timestampMs) => Marked++;
    }
}
