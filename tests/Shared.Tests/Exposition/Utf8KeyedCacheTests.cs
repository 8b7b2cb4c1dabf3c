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
