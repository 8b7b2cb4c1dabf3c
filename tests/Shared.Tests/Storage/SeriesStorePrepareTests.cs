using System.Globalization;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Storage;

/// <summary>
/// <see cref="SeriesStore.PrepareReads"/>: the order and the added series a poll prepares for /federate, and that a
/// selection after any mix of prepared and unprepared changes is the same as a fresh sort.
/// </summary>
public class SeriesStorePrepareTests
{
    private const long T0 = 1_700_000_000_000;

    private static LabelSet Series(string name, int i) =>
        LabelSet.Of(Label.MetricName, name, "i", i.ToString(CultureInfo.InvariantCulture), "job", "j" + (i % 3).ToString(CultureInfo.InvariantCulture));

    private static List<LabelSet> Selected(SeriesStore store) =>
        store.SelectLatest(AllSeries.Instance).SelectMany(f => f.Series.ToArray()).Select(s => s.Labels).ToList();

    [Fact]
    public void PrepareReads_AfterAppends_HandsEachNewSeriesOnce()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var first = Enumerable.Range(0, 50).Select(i => Series(i % 2 == 0 ? "a" : "b", i)).ToList();
        foreach (var s in first)
        {
            store.Append(s, new Sample(T0, 1));
        }
        var added = new List<LabelSet>();

        Assert.Equal(50, store.PrepareReads(added.Add));
        Assert.Equal(first.OrderBy(s => s, SeriesOrder.Instance), added.OrderBy(s => s, SeriesOrder.Instance));

        added.Clear();
        foreach (var s in first)
        {
            store.Append(s, new Sample(T0 + 1, 2));
        }
        Assert.Equal(0, store.PrepareReads(added.Add));
        Assert.Empty(added);

        store.Append(Series("a", 100), new Sample(T0 + 1, 1));
        store.Append(Series("c", 101), new Sample(T0 + 1, 1));
        Assert.Equal(2, store.PrepareReads(added.Add));
        Assert.Equal([Series("a", 100), Series("c", 101)], added.OrderBy(s => s, SeriesOrder.Instance));
    }

    [Fact]
    public void SelectLatest_AfterRemovalsOnlyPrepared_SortedWithoutNewSeries()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var all = Enumerable.Range(0, 200).Select(i => Series("m", i)).ToList();
        foreach (var s in all)
        {
            store.Append(s, new Sample(T0, 1));
        }
        store.PrepareReads();
        for (int i = 0; i < all.Count; i += 3)
        {
            store.Remove(all[i]);
        }
        var added = new List<LabelSet>();

        Assert.Equal(0, store.PrepareReads(added.Add));

        Assert.Empty(added);
        Assert.Equal(all.Where((_, i) => i % 3 != 0).OrderBy(s => s, SeriesOrder.Instance), Selected(store));
    }

    [Fact]
    public void SelectLatest_RandomChangesSomePrepared_SameAsFreshSort()
    {
        // Note: adds, deletes (slots reused by other series), stale markers, compactions by RemoveExpired (slots
        // moved), each round prepared or not, and every selection compared with sorting what is held.
        var clock = new ManualClock(T0);
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) }, clock);
        var random = new Random(11);
        var held = new Dictionary<LabelSet, long>();
        for (int round = 0; round < 60; round++)
        {
            long now = clock.NowMs;
            for (int k = random.Next(1, 200); k > 0; k--)
            {
                var s = Series(random.Next(4) == 0 ? "small" : "large", random.Next(2000));
                if (random.Next(5) == 0)
                {
                    store.MarkStale(s, now);
                    held.Remove(s);
                }
                else if (store.Append(s, new Sample(now, round)) is AppendStatus.Appended or AppendStatus.Replaced)
                {
                    held[s] = now;
                }
            }
            if (round % 10 == 9)
            {
                // Note: what was not refreshed in the last minutes ages out, which compacts the tables (slots move).
                clock.Advance(TimeSpan.FromMinutes(4));
                Assert.True(store.RemoveExpired() > 0);
                foreach (var gone in held.Keys.Where(s => !store.TryGetLatest(s, out _)).ToList())
                {
                    held.Remove(gone);
                }
            }
            clock.Advance(TimeSpan.FromSeconds(15));
            if (random.Next(3) > 0)
            {
                store.PrepareReads();
            }

            long oldest = clock.NowMs - (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
            var expected = held.Where(h => h.Value >= oldest).Select(h => h.Key).OrderBy(s => s, SeriesOrder.Instance);
            Assert.Equal(expected, Selected(store));
        }
    }
}
