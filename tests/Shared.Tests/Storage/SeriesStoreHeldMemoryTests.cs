using System.Runtime.CompilerServices;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Aggregator.Tests.Common;
using Xunit.Abstractions;

namespace Aggregator.Shared.Tests.Storage;

/// <summary>
/// Everything a store holds per series — slot, bucket, label set, label array, its share of the distinct
/// label strings and the pool's table — against the Node's budget of 500 bytes per series, and that a
/// removed series gives its strings back. Bytes are <c>GC.GetTotalMemory(true)</c> deltas (exact, not timed).
/// Note: the label sets come in with strings of their own, as a decoder hands them over, and are dropped
/// after the appends, so what remains is what the store alone keeps.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class SeriesStoreHeldMemoryTests(ITestOutputHelper output)
{
    private const int Series = 100_000;
    private const int Budget = 500;

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Append_ManySeries_HoldsAtMostFiveHundredBytesPerSeries()
    {
        long baseline = SettledHeap();
        var store = Fill(new SeriesStore(time: _time));
        long held = SettledHeap() - baseline;

        double perSeries = held / (double)Series;
        output.WriteLine($"series={store.SeriesCount} heldBytesPerSeries={perSeries:F1} internedStrings={store.Interner.Count}");
        Assert.Equal(Series, store.SeriesCount);
        Assert.InRange(perSeries, 1, Budget);
        GC.KeepAlive(store);
    }

    [Fact]
    public void RemoveExpired_AllSeriesGone_ReleasesTheirStrings()
    {
        var store = new SeriesStore(time: _time);
        var unique = AppendWithUniqueValue(store);
        Fill(store);
        Assert.True(store.Interner.Count > Series, $"{store.Interner.Count} strings interned");

        _time.Advance(store.Options.Lookback + TimeSpan.FromMinutes(1));
        store.RemoveExpired();

        Assert.Equal(0, store.SeriesCount);
        Assert.Equal(0, store.Interner.Count);
        SettledHeap();
        Assert.False(unique.TryGetTarget(out _), "the value of a removed series is still held");
        GC.KeepAlive(store);
    }

    [Fact]
    public void MarkStale_SeriesDeleted_ReleasesOnlyItsOwnStrings()
    {
        var store = new SeriesStore(time: _time);
        long t = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var a = LabelSet.Of("__name__", "m", "job", "api", "id", "only-a");
        store.Append(LabelSet.Of("__name__", "m", "job", "api", "id", "b"), t, 1);
        store.Append(a, t, 1);
        int before = store.Interner.Count;

        store.MarkStale(a, t + 1);

        // Note: "only-a" goes; "__name__", "m", "job", "api" and "id" are still held by the other series.
        Assert.Equal(before - 1, store.Interner.Count);
        Assert.Same(store.Interner.Intern("api"), store.Interner.Intern(new string("api".ToCharArray())));
    }

    [Fact]
    public void Append_SeriesFromTwoSources_KeepsTheHandedSetsWithThePoolsStrings()
    {
        var store = new SeriesStore(time: _time);
        long t = _time.GetUtcNow().ToUnixTimeMilliseconds();
        // Note: two decoders make their own instances of the strings their series share ("job", "api").
        var first = LabelSet.Of(Fresh("__name__"), Fresh("m"), Fresh("id"), Fresh("a"), Fresh("job"), Fresh("api"));
        var second = LabelSet.Of(Fresh("__name__"), Fresh("m"), Fresh("id"), Fresh("b"), Fresh("job"), Fresh("api"));
        string secondsOwnJob = second[2].Value;

        store.Append(first, t, 1);
        store.Append(second, t, 2);

        var held = store.SelectSeries(AllSeries.Instance);
        Assert.Equal(2, held.Count);
        Assert.Contains(held, s => ReferenceEquals(s, first));
        Assert.Contains(held, s => ReferenceEquals(s, second));
        Assert.Same(first[2].Value, second[2].Value);
        Assert.Same(first[2].Name, second[2].Name);
        Assert.NotSame(secondsOwnJob, second[2].Value);
        Assert.Equal(LabelSet.Of("__name__", "m", "id", "b", "job", "api"), second);
        Assert.True(store.TryGetLatest(LabelSet.Of("__name__", "m", "id", "b", "job", "api"), out var sample));
        Assert.Equal(2, sample.Value);
    }

    [Fact]
    public void Append_CallerKeepsItsLabelSets_StoreAddsNoSecondCopy()
    {
        var store = new SeriesStore(time: _time);
        Fill(store);
        var kept = Build(secondSource: true);
        // Note: the strings the store swaps for the pool's must not read as bytes saved here.
        var keptStrings = kept.SelectMany(static s => s.AsSpan().ToArray()).SelectMany(static l => new[] { l.Name, l.Value }).ToList();
        long before = SettledHeap();
        long t = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var labels in kept)
        {
            store.Append(labels, t, 1);
        }
        long held = SettledHeap() - before;

        // Note: slot, bucket and the pool's share; a copy of each set (LabelSet + Label[], ~180 B) would double it.
        double perSeries = held / (double)Series;
        output.WriteLine($"series={store.SeriesCount} storeBytesPerSeriesBeyondTheCallersSets={perSeries:F1}");
        Assert.Equal(2 * Series, store.SeriesCount);
        Assert.InRange(perSeries, 1, 150);
        GC.KeepAlive(kept);
        GC.KeepAlive(keptStrings);

        _time.Advance(store.Options.Lookback + TimeSpan.FromMinutes(1));
        store.RemoveExpired();
        Assert.Equal(0, store.SeriesCount);
        Assert.Equal(0, store.Interner.Count);
    }

    [Fact]
    public void Append_WindowSizedBySampleInterval_HoldsOneArrayOfPairsPerSeries()
    {
        const int windowed = 20_000;
        var windowedOptions = new SeriesStoreOptions { WindowLength = TimeSpan.FromSeconds(75), SampleInterval = TimeSpan.FromSeconds(15) };
        var sets = Build(secondSource: false).Take(windowed).ToList();
        var otherSets = Build(secondSource: true).Take(windowed).ToList();
        // Note: the strings each store swaps for its pool's must not read as bytes saved here.
        var keptStrings = sets.Concat(otherSets).SelectMany(static s => s.AsSpan().ToArray()).SelectMany(static l => new[] { l.Name, l.Value }).ToList();
        long baseline = SettledHeap();
        var plain = Poll(new SeriesStore(time: _time), sets);
        long plainHeld = SettledHeap() - baseline;
        var withWindows = Poll(new SeriesStore(windowedOptions, _time), otherSets);
        long bothHeld = SettledHeap() - baseline;

        // Note: the window object (32 B) and one array of 7 (timestamp, value) pairs (24 + 112 B): 168 B. Two arrays
        // of 8 grown from 4 held 216 B and left a 112 B hole in the oldest generation of a long-running process.
        double perWindow = (bothHeld - 2 * plainHeld) / (double)windowed;
        output.WriteLine($"windowBytesPerSeries={perWindow:F1} plainStoreBytesPerSeries={plainHeld / (double)windowed:F1}");
        Assert.InRange(perWindow, 150, 180);
        GC.KeepAlive(plain);
        GC.KeepAlive(withWindows);
        GC.KeepAlive(sets);
        GC.KeepAlive(otherSets);
        GC.KeepAlive(keptStrings);
    }

    // Note: ten polls 15 s apart, the same label sets each time (as a decoder's cache hands them out).
    private SeriesStore Poll(SeriesStore store, List<LabelSet> sets)
    {
        long t0 = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (int poll = 0; poll < 10; poll++)
        {
            foreach (var labels in sets)
            {
                store.Append(labels, t0 + poll * 15_000L, poll);
            }
        }
        return store;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference<string> AppendWithUniqueValue(SeriesStore store)
    {
        var value = new string("unique-value".ToCharArray());
        store.Append(LabelSet.Of("__name__", "churn", "id", value), _time.GetUtcNow().ToUnixTimeMilliseconds(), 1);
        return new WeakReference<string>(value);
    }

    // Note: the shape of the bench harness's targets: http_requests_total{code,handler,instance,job,method},
    // one distinct instance per 200 series, the rest from small sets; each string a new instance.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private SeriesStore Fill(SeriesStore store)
    {
        long t = _time.GetUtcNow().ToUnixTimeMilliseconds();
        int i = 0;
        foreach (var labels in Build(secondSource: false))
        {
            store.Append(labels, t, i++);
        }
        return store;
    }

    // Note: a second source's series share every string but "series" with the first's, in instances of their own.
    private static List<LabelSet> Build(bool secondSource)
    {
        var sets = new List<LabelSet>(Series);
        for (int i = 0; i < Series; i++)
        {
            sets.Add(LabelSet.Of(
                Fresh("__name__"), Fresh("http_requests_total"),
                Fresh("code"), Fresh((200 + i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Fresh("handler"), Fresh("/api/v1/item/" + (i / 5 % 40)),
                Fresh("instance"), Fresh("10.0." + (i / 200 / 250) + "." + (i / 200 % 250) + ":9100"),
                Fresh("job"), Fresh("api-" + (i % 4)),
                Fresh("method"), Fresh((i % 2 == 0) ? "GET" : "POST"),
                Fresh("series"), Fresh((secondSource ? "t" : "s") + i)));
        }
        return sets;
    }

    private static string Fresh(string s) => new(s.AsSpan());

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
