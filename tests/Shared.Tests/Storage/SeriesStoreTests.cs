using System.Text;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Storage;

public class SeriesStoreTests
{
    private const long T0 = 1_700_000_000_000;

    private static LabelSet Series(string name, params string[] pairs) =>
        LabelSet.Of([Label.MetricName, name, .. pairs]);

    private static List<(string Name, List<SeriesSample> Series)> All(SeriesStore store)
    {
        var result = new List<(string, List<SeriesSample>)>();
        foreach (var family in store.SelectLatest(AllSeries.Instance))
        {
            result.Add((family.Name, family.Series.ToArray().ToList()));
        }
        return result;
    }

    [Fact]
    public void Append_NewerSample_ReplacesLatest()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var s = Series("up", "job", "a");
        Assert.Equal(AppendStatus.Appended, store.Append(s, new Sample(T0 - 2000, 1)));
        Assert.Equal(AppendStatus.Appended, store.Append(s, new Sample(T0 - 1000, 0)));
        Assert.True(store.TryGetLatest(s, out var latest));
        Assert.Equal(new Sample(T0 - 1000, 0), latest);
        Assert.Equal(1, store.SeriesCount);
    }

    [Fact]
    public void Append_OlderSample_RejectedAsOutOfOrderAndCounted()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var s = Series("up");
        store.Append(s, new Sample(T0, 1));
        Assert.Equal(AppendStatus.OutOfOrder, store.Append(s, new Sample(T0 - 1, 5)));
        Assert.Equal(1, store.OutOfOrderCount);
        store.TryGetLatest(s, out var latest);
        Assert.Equal(1, latest.Value);
    }

    [Fact]
    public void Append_SameTimestamp_LastWriteWins()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var s = Series("up");
        store.Append(s, new Sample(T0, 1));
        Assert.Equal(AppendStatus.Replaced, store.Append(s, new Sample(T0, 2)));
        store.TryGetLatest(s, out var latest);
        Assert.Equal(2, latest.Value);
    }

    [Fact]
    public void SelectLatest_FamiliesInUtf8ByteOrder_LikePrometheusSort()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        string[] names = ["ab", "a_b", "aB", "a:b", "a", "_a", "Z", "A", "é", "\uFFFD", "😀", "a\u00ff"];
        foreach (var name in names)
        {
            store.Append(Series(name), new Sample(T0, 1));
        }
        var actual = All(store).Select(f => f.Name).ToList();
        // Note: the oracle is a plain byte-wise comparison of the UTF-8 encodings, as Go's sort compares strings.
        var expected = names.OrderBy(n => Encoding.UTF8.GetBytes(n), ByteOrder.Instance).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(["A", "Z", "_a", "a", "a:b", "aB", "a_b", "ab"], actual.Take(8));
        Assert.Equal("😀", actual[^1]);
    }

    [Fact]
    public void SelectLatest_WithinFamily_SortedByLabelsUpperCaseFirst()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var a = Series("m", "code", "500");
        var b = Series("m", "code", "200");
        var c = Series("m", "Zlabel", "1", "code", "200");
        var d = Series("m", "code", "200", "le", "+Inf");
        foreach (var s in new[] { a, b, c, d })
        {
            store.Append(s, new Sample(T0, 1));
        }
        var family = Assert.Single(All(store));
        Assert.Equal([c, b, d, a], family.Series.Select(x => x.Labels));
    }

    [Fact]
    public void SelectLatest_StaleOrOutsideLookback_Omitted()
    {
        var clock = new ManualClock(T0);
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) }, clock);
        var fresh = Series("fresh");
        var edge = Series("edge");
        var old = Series("old");
        store.Append(fresh, new Sample(T0 - 1000, 1));
        store.Append(edge, new Sample(T0 - 300_000, 2));
        store.Append(old, new Sample(T0 - 300_001, 3));
        Assert.Equal(["edge", "fresh"], All(store).Select(f => f.Name));
    }

    [Fact]
    public void SelectLatest_OnlySampleAfterQueryEnd_ShownInsteadOfVanishing()
    {
        // A write that lands while a read runs (or a site clock slightly ahead) replaces the one sample
        // held; hiding it would make the series vanish from that answer, as a concurrent reader saw.
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) }, new ManualClock(T0));
        var s = Series("ahead");
        store.Append(s, new Sample(T0 - 1000, 1));
        store.Append(s, new Sample(T0 + 500, 2));
        var sample = Assert.Single(Assert.Single(All(store)).Series.ToArray());
        Assert.Equal(new Sample(T0 + 500, 2), sample.Sample);
    }

    [Fact]
    public void SelectLatest_WindowedSeriesWithSampleAfterQueryEnd_ShowsTheNewestAtOrBeforeTheEnd()
    {
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(10) }, new ManualClock(T0));
        var s = Series("windowed");
        store.Append(s, new Sample(T0 - 1000, 1));
        store.Append(s, new Sample(T0 + 500, 2));
        var sample = Assert.Single(Assert.Single(All(store)).Series.ToArray());
        Assert.Equal(new Sample(T0 - 1000, 1), sample.Sample);
    }

    [Fact]
    public void MarkStale_SeriesWithoutWindow_DeletedAndOmitted()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var s = Series("up", "job", "a");
        store.Append(s, new Sample(T0 - 1000, 1));
        Assert.Equal(AppendStatus.Deleted, store.MarkStale(s, T0));
        Assert.Equal(0, store.SeriesCount);
        Assert.Empty(All(store));
        Assert.Equal(AppendStatus.StaleIgnored, store.MarkStale(s, T0));
    }

    [Fact]
    public void MarkStale_WindowedSeries_KeptForRulesButOmittedFromSelection()
    {
        var clock = new ManualClock(T0);
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(10) }, clock);
        var s = Series("up");
        store.Append(s, new Sample(T0 - 2000, 1));
        Assert.Equal(AppendStatus.Appended, store.MarkStale(s, T0 - 1000));
        Assert.Empty(All(store));
        var samples = new List<Sample>();
        store.CopySamples(s, T0 - 60_000, T0, samples);
        Assert.Equal(2, samples.Count);
        Assert.True(samples[1].IsStale);
        store.Append(s, new Sample(T0, 7));
        Assert.Equal(7, Assert.Single(Assert.Single(All(store)).Series).Sample.Value);
    }

    [Fact]
    public void CopySamples_Window_KeepsOnlyWindowLength()
    {
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(1) }, new ManualClock(T0));
        var s = Series("x");
        for (int i = 0; i <= 20; i++)
        {
            store.Append(s, new Sample(T0 - 200_000 + i * 10_000, i));
        }
        var samples = new List<Sample>();
        store.CopySamples(s, long.MinValue, long.MaxValue, samples);
        Assert.Equal(Enumerable.Range(14, 7).Select(i => (double)i), samples.Select(x => x.Value));
    }

    [Fact]
    public void WindowedSeries_Predicate_OnlyThoseKeepAWindow()
    {
        var options = new SeriesStoreOptions
        {
            WindowLength = TimeSpan.FromMinutes(1),
            WindowedSeries = l => l.MetricName == "ruled",
        };
        var store = new SeriesStore(options, new ManualClock(T0));
        var ruled = Series("ruled");
        var plain = Series("plain");
        foreach (var s in new[] { ruled, plain })
        {
            store.Append(s, new Sample(T0 - 2000, 1));
            store.Append(s, new Sample(T0 - 1000, 2));
        }
        var samples = new List<Sample>();
        Assert.Equal(2, store.CopySamples(ruled, T0 - 10_000, T0, samples));
        Assert.Equal(1, store.CopySamples(plain, T0 - 10_000, T0, samples));
    }

    [Fact]
    public void RemoveExpired_VirtualTime_AgesOutAfterLookback()
    {
        var clock = new ManualClock(T0);
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) }, clock);
        var s = Series("up");
        var other = Series("other");
        store.Append(s, new Sample(T0, 1));
        store.Append(other, new Sample(T0, 1));
        clock.Advance(TimeSpan.FromMinutes(4));
        store.Append(other, new Sample(clock.NowMs, 1));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, store.RemoveExpired());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, store.RemoveExpired());
        Assert.False(store.TryGetLatest(s, out _));
        Assert.Equal(["other"], store.MetricNames());
        Assert.Equal(1, store.SeriesCount);
        Assert.Equal(1, store.FamilyCount);
    }

    [Fact]
    public void Sweeper_VirtualTimer_RemovesUnrefreshedSeries()
    {
        var clock = new ManualClock(T0);
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) }, clock);
        using var sweeper = new SeriesStoreSweeper(store, clock, TimeSpan.FromMinutes(1));
        store.Append(Series("up"), new Sample(T0, 1));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, store.SeriesCount);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, store.SeriesCount);
        Assert.Equal(1, sweeper.Removed);
    }

    [Fact]
    public void RemoveExpired_WindowedSeries_KeptForWholeWindow()
    {
        var clock = new ManualClock(T0);
        var options = new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5), WindowLength = TimeSpan.FromMinutes(15) };
        var store = new SeriesStore(options, clock);
        store.Append(Series("up"), new Sample(T0, 1));
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, store.RemoveExpired());
        Assert.Empty(All(store));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, store.RemoveExpired());
    }

    [Fact]
    public void Append_InternsLabelStrings()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        store.Append(Series("up", "job", new string("api".ToCharArray())), new Sample(T0, 1));
        store.Append(Series("up", "job", new string("api".ToCharArray()), "x", "1"), new Sample(T0, 1));
        var stored = store.SelectSeries(AllSeries.Instance);
        Assert.Same(stored[0].Get("job"), stored[1].Get("job"));
    }

    [Fact]
    public void Metadata_SetAndGet_PerFamily()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        store.SetMetadata("http_requests_total", new MetricMetadata(MetricType.Counter, "Requests."));
        store.Append(Series("http_requests_total"), new Sample(T0, 1));
        Assert.Equal(MetricType.Counter, store.GetMetadata("http_requests_total").Type);
        Assert.Equal(MetricType.Counter, Assert.Single(store.SelectLatest(AllSeries.Instance)).Metadata.Type);
        Assert.Equal(MetricMetadata.Unknown, store.GetMetadata("nope"));
    }

    [Fact]
    public void SelectLatest_ExactNames_VisitsOnlyThoseInOrder()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        foreach (var n in new[] { "b", "a", "c" })
        {
            store.Append(Series(n), new Sample(T0, 1));
        }
        var names = store.SelectLatest(new NamesMatcher("c", "a", "zz", "a")).Select(f => f.Name).ToList();
        Assert.Equal(["a", "c"], names);
    }

    [Fact]
    public void Table_ManyInsertsAndDeletes_StaysConsistent()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        var all = Enumerable.Range(0, 5000).Select(i => Series("m", "i", i.ToString())).ToArray();
        foreach (var s in all)
        {
            store.Append(s, new Sample(T0, 1));
        }
        for (int i = 0; i < all.Length; i += 2)
        {
            Assert.True(store.Remove(all[i]));
        }
        for (int i = 0; i < all.Length; i += 4)
        {
            store.Append(all[i], new Sample(T0, 2));
        }
        var expected = all.Where((_, i) => i % 2 == 1 || i % 4 == 0).OrderBy(s => s, SeriesOrder.Instance).ToList();
        Assert.Equal(expected, store.SelectSeries(AllSeries.Instance));
        Assert.Equal(expected.Count, store.SeriesCount);
    }

    [Fact]
    public void SelectLatest_SeriesAddedAndRemovedBetweenSelections_StaysSortedWithNewValues()
    {
        // Note: the sorted order is cached per family and must follow every change of the family's series.
        var store = new SeriesStore(time: new ManualClock(T0));
        var random = new Random(7);
        var held = new List<LabelSet>();
        for (int round = 0; round < 20; round++)
        {
            for (int k = 0; k < 30; k++)
            {
                var series = Series("m", "i", random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (store.Append(series, new Sample(T0 - 100 + round, round)) == AppendStatus.Appended && !held.Contains(series))
                {
                    held.Add(series);
                }
            }
            foreach (var gone in held.Where((_, i) => i % 7 == round % 7).ToList())
            {
                store.Remove(gone);
                held.Remove(gone);
            }
            var family = Assert.Single(All(store)).Series;
            Assert.Equal(held.OrderBy(s => s, SeriesOrder.Instance), family.Select(s => s.Labels));
            Assert.All(family, s => Assert.True(store.TryGetLatest(s.Labels, out var latest) && latest.Equals(s.Sample)));
        }
    }

    [Fact]
    public void SelectLatest_NameOnlySelectorOnWholeFamily_SameAsPerSeriesMatch()
    {
        var store = new SeriesStore(time: new ManualClock(T0));
        store.Append(Series("a_total", "job", "x"), new Sample(T0, 1));
        store.Append(Series("a_total", "job", "y"), new Sample(T0, 2));
        store.Append(Series("b", "job", "x"), new Sample(T0, 3));
        var nameOnly = new SelectorUnion([[Shared.PromQl.LabelMatcher.Create(Shared.PromQl.LabelMatchType.RegexMatch, Label.MetricName, ".+_total")]]);
        var withJob = new SelectorUnion([[Shared.PromQl.LabelMatcher.Create(Shared.PromQl.LabelMatchType.RegexMatch, Label.MetricName, ".+"), Shared.PromQl.LabelMatcher.Create(Shared.PromQl.LabelMatchType.Equal, "job", "x")]]);
        Assert.True(nameOnly.MatchesWholeFamily("a_total"));
        Assert.False(nameOnly.MatchesWholeFamily("b"));
        Assert.False(withJob.MatchesWholeFamily("a_total"));
        Assert.Equal(2, store.SelectLatest(nameOnly).Sum(f => f.Series.Length));
        Assert.Equal(["a_total", "b"], store.SelectLatest(withJob).Select(f => f.Name));
        Assert.Equal(2, store.SelectLatest(withJob).Sum(f => f.Series.Length));
    }

    private sealed class NamesMatcher(params string[] names) : ISeriesMatcher
    {
        public IReadOnlyList<string>? ExactNames => names;

        public bool MayMatchName(string metricName) => true;

        public bool Matches(LabelSet labels) => true;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    [Fact]
    public void SelectLatest_CallerStopsInsideLargeFamily_NextSelectionsComplete()
    {
        // Note: the selection's buffer is pooled; a caller that stops early must leave nothing behind for the next one.
        var store = new SeriesStore(time: new ManualClock(T0));
        for (int i = 0; i < 3_000; i++)
        {
            store.Append(Series("a_big", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Sample(T0 - 1000, i));
        }
        store.Append(Series("b_small", "job", "x"), new Sample(T0 - 1000, 1));

        foreach (var family in store.SelectLatest(AllSeries.Instance))
        {
            Assert.Equal("a_big", family.Name);
            break;
        }
        var all = All(store);
        var again = All(store);

        Assert.Equal(["a_big", "b_small"], all.Select(f => f.Name));
        Assert.Equal(3_000, all[0].Series.Count);
        Assert.Equal(3_000, all[0].Series.Select(s => s.Sample.Value).Distinct().Count());
        Assert.Equal(1, Assert.Single(all[1].Series).Sample.Value);
        Assert.Equal(all.SelectMany(f => f.Series), again.SelectMany(f => f.Series));
    }

    [Fact]
    public void SelectLatest_SmallFamilyAfterLargeOne_HoldsOnlyItsOwnSeries()
    {
        // Note: the small family is read into the large family's (reused) buffer.
        var store = new SeriesStore(time: new ManualClock(T0));
        for (int i = 0; i < 100; i++)
        {
            store.Append(Series("a_big", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Sample(T0 - 1000, i));
        }
        store.Append(Series("b_small", "job", "x"), new Sample(T0 - 1000, -1));

        var lengths = store.SelectLatest(AllSeries.Instance).Select(f => (f.Name, f.Series.Length)).ToList();

        Assert.Equal([("a_big", 100), ("b_small", 1)], lengths);
    }

    [Fact]
    public void SelectLatest_SeriesAddedAfterBufferSized_BufferGrowsAndHoldsEverySeriesSorted()
    {
        // Note: the matcher adds series between the store's sizing of its pooled buffer and the copy, as a
        // concurrent writer can; the copy outgrows the buffer and must grow it (through the pool) mid-family.
        var store = new SeriesStore(time: new ManualClock(T0));
        for (int i = 0; i < 16; i++)
        {
            store.Append(Series("a", "i", (2 * i).ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), new Sample(T0 - 1000, i));
        }
        var matcher = new GrowingMatcher(() =>
        {
            for (int i = 0; i < 40; i++)
            {
                store.Append(Series("a", "i", (2 * i + 1).ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), new Sample(T0 - 1000, 100 + i));
            }
        });

        var families = store.SelectLatest(matcher).Select(f => (f.Name, Labels: f.Series.ToArray().Select(s => s.Labels.Get("i")).ToList())).ToList();
        var again = All(store);

        var (name, labels) = Assert.Single(families);
        Assert.Equal("a", name);
        Assert.Equal(56, labels.Count);
        Assert.Equal(labels.Order(StringComparer.Ordinal), labels);
        Assert.Equal(56, Assert.Single(again).Series.Count);
    }

    /// <summary>Selects every series; runs <paramref name="onFirstFamily"/> once, when asked about the first family.</summary>
    private sealed class GrowingMatcher(Action onFirstFamily) : ISeriesMatcher
    {
        private Action? _pending = onFirstFamily;

        public IReadOnlyList<string>? ExactNames => null;

        public bool MayMatchName(string metricName) => true;

        public bool MatchesWholeFamily(string metricName)
        {
            Interlocked.Exchange(ref _pending, null)?.Invoke();
            return true;
        }

        public bool Matches(LabelSet labels) => true;
    }
}
