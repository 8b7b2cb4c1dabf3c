using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Storage;

public class SourceStalenessTests
{
    private const long T0 = 1_700_000_000_000;
    private static readonly LabelSet A = LabelSet.Of("__name__", "a");
    private static readonly LabelSet B = LabelSet.Of("__name__", "b");
    private static readonly LabelSet C = LabelSet.Of("__name__", "c");

    private static void Poll(SourceStaleness tracker, SeriesStore store, long t, params LabelSet[] series)
    {
        foreach (var s in series)
        {
            tracker.Seen(s);
            store.Append(s, new Sample(t, 1));
        }
        tracker.CompletePoll(t, store);
    }

    private static List<string> Visible(SeriesStore store) =>
        store.SelectLatest(AllSeries.Instance).Select(f => f.Name).ToList();

    [Fact]
    public void CompletePoll_SeriesMissingNow_GetsStaleMarkerAtPollTime()
    {
        var sink = new RecordingSink();
        var tracker = new SourceStaleness();
        tracker.Seen(A);
        tracker.Seen(B);
        Assert.Equal(0, tracker.CompletePoll(T0, sink));
        tracker.Seen(A);
        Assert.Equal(1, tracker.CompletePoll(T0 + 15_000, sink));
        Assert.Equal([(B, T0 + 15_000)], sink.Marked);
    }

    [Fact]
    public void CompletePoll_MissingTwice_MarkedOnlyOnce()
    {
        var sink = new RecordingSink();
        var tracker = new SourceStaleness();
        tracker.Seen(A);
        tracker.CompletePoll(T0, sink);
        tracker.CompletePoll(T0 + 1, sink);
        tracker.CompletePoll(T0 + 2, sink);
        Assert.Single(sink.Marked);
        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public void Seen_ReappearingSeries_IsNewAgainAndTrackedAgain()
    {
        var sink = new RecordingSink();
        var tracker = new SourceStaleness();
        Assert.True(tracker.Seen(A));
        tracker.CompletePoll(T0, sink);
        Assert.False(tracker.Seen(A));
        tracker.CompletePoll(T0 + 1, sink);
        tracker.CompletePoll(T0 + 2, sink);
        Assert.True(tracker.Seen(A));
        tracker.CompletePoll(T0 + 3, sink);
        tracker.CompletePoll(T0 + 4, sink);
        Assert.Equal([(A, T0 + 2), (A, T0 + 4)], sink.Marked);
    }

    [Fact]
    public void MarkDown_AllSeriesOfLastPollStale_ThenNothingMore()
    {
        var sink = new RecordingSink();
        var tracker = new SourceStaleness();
        tracker.Seen(A);
        tracker.Seen(B);
        tracker.CompletePoll(T0, sink);
        Assert.Equal(2, tracker.MarkDown(T0 + 10, sink));
        Assert.Equal(0, tracker.MarkDown(T0 + 20, sink));
        Assert.Equal(new HashSet<LabelSet> { A, B }, sink.Marked.Select(m => m.Series).ToHashSet());
        Assert.All(sink.Marked, m => Assert.Equal(T0 + 10, m.Timestamp));
    }

    [Fact]
    public void MarkDown_ThenRecovery_SeriesVisibleAgain()
    {
        var store = new SeriesStore(time: new ManualClock(T0 + 100));
        var tracker = new SourceStaleness();
        Poll(tracker, store, T0, A, B);
        Assert.Equal(["a", "b"], Visible(store));
        tracker.MarkDown(T0 + 10, store);
        Assert.Empty(Visible(store));
        Poll(tracker, store, T0 + 20, A);
        Assert.Equal(["a"], Visible(store));
    }

    [Fact]
    public void Transitions_EveryStep_VisibleSetFollowsSource()
    {
        var store = new SeriesStore(time: new ManualClock(T0 + 1000));
        var tracker = new SourceStaleness();
        Poll(tracker, store, T0, A, B);
        Assert.Equal(["a", "b"], Visible(store));
        Poll(tracker, store, T0 + 10, A, C);
        Assert.Equal(["a", "c"], Visible(store));
        Poll(tracker, store, T0 + 20, B);
        Assert.Equal(["b"], Visible(store));
        Poll(tracker, store, T0 + 30);
        Assert.Empty(Visible(store));
        Poll(tracker, store, T0 + 40, A, B, C);
        Assert.Equal(["a", "b", "c"], Visible(store));
    }

    [Fact]
    public void StaleMarker_InWindowedStore_RecordedAtPollTimestamp()
    {
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(10) }, new ManualClock(T0 + 1000));
        var tracker = new SourceStaleness();
        Poll(tracker, store, T0, A);
        Poll(tracker, store, T0 + 15);
        store.TryGetLatest(A, out var latest);
        Assert.True(latest.IsStale);
        Assert.Equal(T0 + 15, latest.TimestampMs);
    }

    [Fact]
    public void CompletePoll_SeriesInsertedAndReordered_OnlyTheMissingOneMarked()
    {
        var sink = new RecordingSink();
        var tracker = new SourceStaleness();
        var d = LabelSet.Of("__name__", "d");
        tracker.Seen(A);
        tracker.Seen(B);
        tracker.Seen(C);
        tracker.CompletePoll(T0, sink);

        bool[] isNew = [tracker.Seen(B), tracker.Seen(d), tracker.Seen(LabelSet.Of("__name__", "a"))];

        Assert.Equal(1, tracker.CompletePoll(T0 + 1, sink));
        Assert.Equal([false, true, false], isNew);
        Assert.Equal([(C, T0 + 1)], sink.Marked);
        Assert.Equal(3, tracker.Count);
    }

    [Fact]
    public void Seen_SameSeriesTwiceInOnePoll_NewOnceAndMarkedOnce()
    {
        var sink = new RecordingSink();
        var tracker = new SourceStaleness();

        Assert.True(tracker.Seen(A));
        Assert.False(tracker.Seen(A));
        tracker.CompletePoll(T0, sink);
        Assert.False(tracker.Seen(A));
        Assert.False(tracker.Seen(A));
        tracker.CompletePoll(T0 + 1, sink);
        tracker.Seen(B);

        Assert.Equal(1, tracker.CompletePoll(T0 + 2, sink));
        Assert.Equal([(A, T0 + 2)], sink.Marked);
    }

    private sealed class RecordingSink : IStaleSink
    {
        public List<(LabelSet Series, long Timestamp)> Marked { get; } = new();

        public void MarkStale(LabelSet series, long timestampMs) => Marked.Add((series, timestampMs));
    }
}
