using System.Text;
using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Tests.Exposition;

public class Utf8KeyedCacheTests
{
    [Fact]
    public void TryPeekNext_KeysLookedUpInSameOrder_PredictsEachNextKey()
    {
        var cache = new Utf8KeyedCache<string>(4);
        string[] keys = ["a", "bb", "ccc", "dddd", "eeeee"];
        foreach (var k in keys)
        {
            Assert.False(cache.TryGet(Encoding.ASCII.GetBytes(k), out _, out uint hash));
            cache.Add(Encoding.ASCII.GetBytes(k), hash, k);
        }
        // Note: the second round links the last key to the first; from then on every key is predicted.
        Assert.True(cache.TryGet("a"u8, out _, out _));
        foreach (var k in keys.Skip(1).Append("a"))
        {
            Assert.True(cache.TryPeekNext(out var predicted, out var value));
            Assert.Equal(k, Encoding.ASCII.GetString(predicted));
            Assert.Equal(k, value);
            Assert.True(cache.TryGet(Encoding.ASCII.GetBytes(k), out var got, out _));
            Assert.Same(k, got);
        }
    }

    [Fact]
    public void TryGet_OrderChanges_FindsEveryKeyAndLearnsNewOrder()
    {
        var cache = new Utf8KeyedCache<string>(4);
        var keys = Enumerable.Range(0, 1000).Select(i => "key" + i).ToArray();
        foreach (var k in keys)
        {
            cache.TryGet(Encoding.ASCII.GetBytes(k), out _, out uint hash);
            cache.Add(Encoding.ASCII.GetBytes(k), hash, k);
        }
        var shuffled = keys.OrderBy(k => k.GetHashCode(StringComparison.Ordinal)).ToArray();
        foreach (var k in shuffled)
        {
            Assert.True(cache.TryGet(Encoding.ASCII.GetBytes(k), out var got, out _));
            Assert.Same(k, got);
        }
        Assert.True(cache.TryGet(Encoding.ASCII.GetBytes(shuffled[0]), out _, out _));
        for (int i = 1; i < shuffled.Length; i++)
        {
            Assert.True(cache.TryPeekNext(out var predicted, out _));
            Assert.Equal(shuffled[i], Encoding.ASCII.GetString(predicted));
            cache.TakeNext();
        }
        Assert.Equal(1000, cache.Count);
    }

    [Fact]
    public void Add_BeyondMaxEntries_ClearsAndKeepsWorking()
    {
        var cache = new Utf8KeyedCache<string>(4, maxEntries: 10);
        for (int i = 0; i < 25; i++)
        {
            var key = Encoding.ASCII.GetBytes("k" + i);
            Assert.False(cache.TryGet(key, out _, out uint hash));
            cache.Add(key, hash, "v" + i);
            Assert.True(cache.TryGet(key, out var got, out _));
            Assert.Equal("v" + i, got);
        }
        Assert.True(cache.Count <= 10);
        Assert.False(cache.TryGet("k0"u8, out _, out _));
    }
}

public class Utf8KeyedCacheTrimTests
{
    private const int Keys = 6_000;
    private const int KeyBytes = 100;
    private const int EntryBytes = 24;

    [Fact]
    public void TrimExcess_AfterGrowingByDoubling_HoldsAtMostAnEighthSpareAndFindsEveryKey()
    {
        var cache = new Utf8KeyedCache<string>(8);
        var keys = Enumerable.Range(0, Keys).Select(i => i.ToString("D" + KeyBytes, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var k in keys)
        {
            Assert.False(cache.TryGet(Encoding.ASCII.GetBytes(k), out _, out uint hash));
            cache.Add(Encoding.ASCII.GetBytes(k), hash, k);
        }
        long needed = (long)Keys * (KeyBytes + EntryBytes);
        long grown = cache.CapacityBytes;

        cache.TrimExcess();

        Assert.True(grown > needed * 5 / 4, $"doubling left {grown} B for {needed} B, nothing to show");
        Assert.InRange(cache.CapacityBytes, needed, needed * 9 / 8 + 512);
        foreach (var k in keys)
        {
            Assert.True(cache.TryGet(Encoding.ASCII.GetBytes(k), out var got, out _));
            Assert.Same(k, got);
        }
    }

    [Fact]
    public void TrimExcess_ThenNewKeys_GrowsAgainAndKeepsOldOnes()
    {
        var cache = new Utf8KeyedCache<string>(8);
        for (int i = 0; i < 100; i++)
        {
            var key = Encoding.ASCII.GetBytes("old" + i);
            cache.TryGet(key, out _, out uint hash);
            cache.Add(key, hash, "old" + i);
        }
        cache.TrimExcess();
        long trimmed = cache.CapacityBytes;

        for (int i = 0; i < 100; i++)
        {
            var key = Encoding.ASCII.GetBytes("new" + i);
            Assert.False(cache.TryGet(key, out _, out uint hash));
            cache.Add(key, hash, "new" + i);
        }

        Assert.True(cache.CapacityBytes > trimmed);
        Assert.Equal(200, cache.Count);
        Assert.True(cache.TryGet("old7"u8, out var old, out _));
        Assert.Equal("old7", old);
        Assert.True(cache.TryGet("new99"u8, out var added, out _));
        Assert.Equal("new99", added);
    }
}
