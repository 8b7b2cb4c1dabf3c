namespace Aggregator.Shared.Exposition;

/// <summary>
/// Shortest round-trip digits of a double between 1e-4 and 1e6 in plain decimal notation, computed
/// with exact 128-bit integer arithmetic instead of the runtime's general formatter.
/// Note: for a value m·2^e, the p-digit candidate is n = round(m·5^s·2^(s+e)) with s = p-1-log10(v);
/// it reads back as the same double when |n·2^k − m·5^s|·2 &lt; 5^s (k = −(s+e)): the rounding
/// interval is ±ulp/2 and ulp·10^s = 5^s/2^k. Any decimal of at most 15 digits that reads back is
/// the 15-digit rounding (distinct 15-digit decimals are distinct doubles), so trying p = 15, 16,
/// 17 in turn finds the shortest digits, and among equally short ones the closest, as Go and .NET
/// print them. Ties, power-of-two mantissas (asymmetric interval) and misjudged decades are left to
/// the general formatter (false).
/// </summary>
internal static class ShortestDecimalFormatter
{
    private static readonly ulong[] PowersOf5 = BuildPowersOf5();

    private static readonly ulong[] PowersOf10 = BuildPowersOf10();

    private static readonly double[] DecadeBounds = [1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5];

    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        written = 0;
        double magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e6))
        {
            return false;
        }
        ulong bits = BitConverter.DoubleToUInt64Bits(magnitude);
        ulong m = (bits & ((1UL << 52) - 1)) | (1UL << 52);
        int e = (int)(bits >> 52) - 1075;
        if (m == 1UL << 52)
        {
            return false;
        }
        int decade = DecadeOf(magnitude);
        // Note: one exact product in the 17-digit frame: v·10^s = x/2^k with x = m·5^s, whose floor f
        // (17 digits) and remainder r (below 2^k, k from 22 to 48) fit in 64 bits each.
        int s = 16 - decade;
        int k = -(s + e);
        ulong high = Math.BigMul(m, PowersOf5[s], out ulong low);
        ulong f = (high << (64 - k)) | (low >> k);
        ulong r = low & ((1UL << k) - 1);
        ulong bound = PowersOf5[s];
        for (int p = 15; p <= 17; p++)
        {
            ulong dropped = PowersOf10[17 - p];
            ulong n = f / dropped;
            ulong rest = f - (n * dropped);
            // Note: round half to nearest: compare 2·(rest·2^k + r) with dropped·2^k.
            ulong twice = (rest << (k + 1)) + (r << 1);
            ulong whole = dropped << k;
            if (twice == whole)
            {
                return false;
            }
            if (twice > whole)
            {
                n++;
            }
            if (n < PowersOf10[p - 1] || n > PowersOf10[p])
            {
                return false;
            }
            // Note: the candidate reads back when |n·dropped·2^k − x|·2 < 5^s (see the class notes).
            long distance = (((long)(n * dropped) - (long)f) << k) - (long)r;
            ulong doubled = (ulong)Math.Abs(distance) << 1;
            if (doubled < bound && n < PowersOf10[p])
            {
                written = Layout(value < 0, n, decade, destination);
                return true;
            }
            if (doubled <= bound)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Writes the digits of <paramref name="n"/> (trailing zeros dropped) with the point after decade+1 digits.</summary>
    private static int Layout(bool negative, ulong n, int decade, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(n, digits, out int nd);
        while (nd > 1 && digits[nd - 1] == (byte)'0')
        {
            nd--;
        }
        int pos = 0;
        if (negative)
        {
            destination[pos++] = (byte)'-';
        }
        if (decade < 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (int i = decade + 1; i < 0; i++)
            {
                destination[pos++] = (byte)'0';
            }
            digits[..nd].CopyTo(destination[pos..]);
            return pos + nd;
        }
        int whole = decade + 1;
        for (int i = 0; i < whole; i++)
        {
            destination[pos++] = i < nd ? digits[i] : (byte)'0';
        }
        if (nd > whole)
        {
            destination[pos++] = (byte)'.';
            digits[whole..nd].CopyTo(destination[pos..]);
            pos += nd - whole;
        }
        return pos;
    }

    /// <summary>floor(log10(v)) for 1e-4 ≤ v &lt; 1e6, possibly off by one next to a power of ten (then caught by the digit count).</summary>
    private static int DecadeOf(double v)
    {
        int decade = -4;
        while (decade < 5 && v >= DecadeBounds[decade + 4])
        {
            decade++;
        }
        return decade;
    }

    private static ulong[] BuildPowersOf5()
    {
        var powers = new ulong[28];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 5;
        }
        return powers;
    }

    private static ulong[] BuildPowersOf10()
    {
        var powers = new ulong[20];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }
}
