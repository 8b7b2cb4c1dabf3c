namespace Aggregator.Shared.Model;

/// <summary>
/// Compares strings by Unicode code point, which equals the byte order of their UTF-8 forms.
/// Note: Prometheus (Go) sorts label names and values as UTF-8 bytes; .NET's ordinal order is
/// UTF-16 code-unit order, which differs for characters above U+FFFF versus U+E000..U+FFFF.
/// </summary>
public static class CodePointOrder
{
    public static int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }
        if (a is null)
        {
            return -1;
        }
        if (b is null)
        {
            return 1;
        }
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x != y)
            {
                return Fix(x) - Fix(y);
            }
        }
        return a.Length - b.Length;
    }

    // Note: shifts surrogates above U+E000..U+FFFF so that code-unit order becomes code-point order.
    private static int Fix(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
