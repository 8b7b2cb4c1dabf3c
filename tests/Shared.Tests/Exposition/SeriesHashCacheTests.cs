using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Tests.Exposition;

public class SeriesHashCacheTests
{
    private static readonly LabelSet A = LabelSet.Of("__name__", "a");
    private static readonly LabelSet B = LabelSet.Of("__name__", "b");
    private static readonly LabelSet C = LabelSet.Of("__name__", "c");

    [Fact]
    public void NextCandidate_SameHash_ReturnsEveryEntryOfItThenNone()
    {
        var cache = new SeriesHashCache(8);
        cache.Add(7, A);
        cache.Add(8, C);
        cache.Add(7, B);

        var found = new List<LabelSet>();
        int probe = -1;
        for (int i = cache.NextCandidate(7, ref probe); i >= 0; i = cache.NextCandidate(7, ref probe))
        {
            found.Add(cache.ValueAt(i));
        }

        Assert.Equal([A, B], found);
    }

    [Fact]
    public void TryPeekNext_AfterOneRound_PredictsTheOrderOfUse()
    {
        var cache = new SeriesHashCache(8);
        cache.Add(1, A);
        cache.Add(2, B);
        cache.Add(3, C);
        int probe = -1;
        cache.Use(cache.NextCandidate(1, ref probe));

        Assert.True(cache.TryPeekNext(out var next));
        Assert.Same(B, next);
        cache.TakeNext();
        Assert.True(cache.TryPeekNext(out next));
        Assert.Same(C, next);
    }

    [Fact]
    public void Add_PastMaxEntries_ClearsInsteadOfGrowing()
    {
        var cache = new SeriesHashCache(8, maxEntries: 10);
        for (uint i = 0; i < 25; i++)
        {
            cache.Add(i, LabelSet.Of("__name__", "m" + i));
        }

        Assert.True(cache.Count <= 10);
        int probe = -1;
        Assert.Equal(-1, cache.NextCandidate(0, ref probe));
    }
}
