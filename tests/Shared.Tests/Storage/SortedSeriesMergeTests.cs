using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Storage;

public class SortedSeriesMergeTests
{
    private static SeriesSample S(string name, string site, long t, double v = 1) =>
        new(LabelSet.Of("__name__", name, "site", site), new Sample(t, v));

    private static async IAsyncEnumerable<SeriesSample> Async(IEnumerable<SeriesSample> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    [Fact]
    public void Merge_DisjointStreams_SortedUnion()
    {
        var a = new[] { S("a", "1", 1), S("c", "1", 1) };
        var b = new[] { S("b", "1", 1), S("d", "1", 1) };
        var merged = SortedSeriesMerge.Merge([a, b]).Select(x => x.Labels.MetricName);
        Assert.Equal(["a", "b", "c", "d"], merged);
    }

    [Fact]
    public void Merge_Replicas_NewestTimestampWinsOnce()
    {
        var a = new[] { S("a", "1", 10, 1), S("b", "1", 30, 2) };
        var b = new[] { S("a", "1", 20, 3), S("b", "1", 20, 4) };
        var c = new[] { S("a", "1", 15, 5) };
        var merged = SortedSeriesMerge.Merge([a, b, c]).ToList();
        Assert.Equal([S("a", "1", 20, 3), S("b", "1", 30, 2)], merged);
    }

    [Fact]
    public void Merge_TieOnTimestamp_FirstStreamWins()
    {
        var merged = SortedSeriesMerge.Merge([[S("a", "1", 10, 1)], [S("a", "1", 10, 2)]]).ToList();
        Assert.Equal(1, Assert.Single(merged).Sample.Value);
    }

    [Fact]
    public void Merge_EmptyAndNoStreams_Empty()
    {
        Assert.Empty(SortedSeriesMerge.Merge([]));
        Assert.Empty(SortedSeriesMerge.Merge([[], []]));
    }

    [Fact]
    public void Merge_UnsortedInput_ThrowsNamingTheStream()
    {
        var bad = new[] { S("b", "1", 1), S("a", "1", 1) };
        var ex = Assert.Throws<InvalidOperationException>(() => SortedSeriesMerge.Merge([bad]).ToList());
        Assert.Contains("merge input 0 is not sorted", ex.Message);
    }

    [Fact]
    public async Task MergeAsync_RandomReplicatedShards_EqualsNewestPerSeries()
    {
        var random = new Random(42);
        var truth = new Dictionary<LabelSet, SeriesSample>();
        var streams = new List<List<SeriesSample>> { new(), new(), new() };
        for (int i = 0; i < 500; i++)
        {
            var labels = LabelSet.Of("__name__", "m" + random.Next(20), "site", "s" + random.Next(5), "i", i.ToString());
            // Note: every series lands on two of three members (R=2), with possibly different ages.
            int skip = random.Next(3);
            for (int m = 0; m < 3; m++)
            {
                if (m == skip)
                {
                    continue;
                }
                var sample = new SeriesSample(labels, new Sample(random.Next(1000), random.Next(100)));
                streams[m].Add(sample);
                if (!truth.TryGetValue(labels, out var best) || sample.Sample.TimestampMs > best.Sample.TimestampMs)
                {
                    truth[labels] = sample;
                }
            }
        }
        foreach (var s in streams)
        {
            s.Sort(SeriesOrder.Instance);
        }
        var merged = new List<SeriesSample>();
        await foreach (var item in SortedSeriesMerge.MergeAsync(streams.Select(Async).ToList()))
        {
            merged.Add(item);
        }
        var expected = truth.Values.OrderBy(x => x, SeriesOrder.Instance).ToList();
        Assert.Equal(expected.Select(x => x.Labels), merged.Select(x => x.Labels));
        Assert.Equal(expected.Select(x => x.Sample.TimestampMs), merged.Select(x => x.Sample.TimestampMs));
    }
}
