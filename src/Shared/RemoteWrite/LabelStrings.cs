using System.Collections.Concurrent;
using System.Text;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Shares the strings of label names across decoded requests. Note: the same few dozen names
/// (<c>__name__</c>, <c>job</c>, <c>instance</c>, ...) repeat in every series; sharing them saves an
/// allocation per label. The cache is bounded so that hostile input cannot grow it without limit.
/// </summary>
internal static class LabelStrings
{
    private const int MaxEntries = 4096;
    private const int MaxCachedLength = 64;

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string for valid UTF-8 <paramref name="utf8"/>, shared when short.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        Span<char> chars = stackalloc char[MaxCachedLength];
        int n = Encoding.UTF8.GetChars(utf8, chars);
        if (Lookup.TryGetValue(chars[..n], out var cached))
        {
            return cached;
        }
        var s = new string(chars[..n]);
        if (Cache.Count < MaxEntries)
        {
            Cache.TryAdd(s, s);
        }
        return s;
    }
}
