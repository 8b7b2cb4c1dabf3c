using System.Text;

namespace Aggregator.Shared.Exposition;

/// <summary>Turns UTF-8 bytes into strings, returning the same instance for the same bytes.</summary>
internal sealed class Utf8Interner
{
    private readonly Utf8KeyedCache<string> _cache;

    public Utf8Interner(int maxEntries = 1 << 21)
    {
        _cache = new Utf8KeyedCache<string>(1024, maxEntries);
    }

    internal long CapacityBytes => _cache.CapacityBytes;

    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }
        if (_cache.TryGet(utf8, out var s, out uint hash))
        {
            return s;
        }
        s = Encoding.UTF8.GetString(utf8);
        _cache.Add(utf8, hash, s);
        return s;
    }
}
