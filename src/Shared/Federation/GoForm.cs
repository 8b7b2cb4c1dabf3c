using System.Globalization;
using System.Text;

namespace Aggregator.Shared.Federation;

/// <summary>
/// Parses a URL query or form body exactly as Go's <c>url.ParseQuery</c> (what Prometheus's
/// <c>Request.ParseForm</c> runs): pairs split on '&amp;', a pair containing ';' is an error
/// ("invalid semicolon separator in query"), '+' is a space, a bad escape is
/// <c>invalid URL escape "%zz"</c>. Like Go, parsing continues after an error and the first error is
/// reported. Note: ASP.NET's own query parsing is lenient (it keeps "%zz" literally), so federate
/// cannot use it and still answer Prometheus's 400s.
/// </summary>
public static class GoForm
{
    /// <summary>Adds every (name, value) pair in order; returns the first error's text, or null.</summary>
    public static string? Parse(ReadOnlySpan<char> query, List<KeyValuePair<string, string>> into)
    {
        string? firstError = null;
        if (!query.IsEmpty && query[0] == '?')
        {
            query = query[1..];
        }
        var bytes = new List<byte>();
        while (!query.IsEmpty)
        {
            int amp = query.IndexOf('&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? ReadOnlySpan<char>.Empty : query[(amp + 1)..];
            if (pair.Contains(';'))
            {
                firstError ??= "invalid semicolon separator in query";
                continue;
            }
            if (pair.IsEmpty)
            {
                continue;
            }
            int eq = pair.IndexOf('=');
            var rawKey = eq < 0 ? pair : pair[..eq];
            var rawValue = eq < 0 ? ReadOnlySpan<char>.Empty : pair[(eq + 1)..];
            if (!TryUnescape(rawKey, bytes, out var key, out var error) || !TryUnescape(rawValue, bytes, out var value, out error))
            {
                firstError ??= error;
                continue;
            }
            into.Add(new KeyValuePair<string, string>(key, value));
        }
        return firstError;
    }

    /// <summary>Go's <c>QueryUnescape</c>.</summary>
    public static bool TryUnescape(ReadOnlySpan<char> s, List<byte> scratch, out string result, out string error)
    {
        scratch.Clear();
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2]))
                {
                    var bad = s[i..];
                    result = string.Empty;
                    error = "invalid URL escape " + Quote(bad.Length > 3 ? bad[..3] : bad);
                    return false;
                }
                scratch.Add((byte)(HexValue(s[i + 1]) << 4 | HexValue(s[i + 2])));
                i += 2;
            }
            else if (c == '+')
            {
                scratch.Add((byte)' ');
            }
            else if (c < 0x80)
            {
                scratch.Add((byte)c);
            }
            else
            {
                int len = char.IsHighSurrogate(c) && i + 1 < s.Length
                    ? Encoding.UTF8.GetBytes(s.Slice(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(s.Slice(i, 1), utf8);
                for (int k = 0; k < len; k++)
                {
                    scratch.Add(utf8[k]);
                }
            }
        }
        result = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch));
        error = string.Empty;
        return true;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // Note: Go's strconv.Quote of the (at most three) offending characters.
    private static string Quote(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
