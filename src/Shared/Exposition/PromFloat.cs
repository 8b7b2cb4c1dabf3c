using System.Text;
using System.Buffers.Text;
using System.Globalization;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// Float parsing and formatting with Prometheus's (Go's) rules.
/// Formatting follows <c>strconv.FormatFloat(f, 'g', -1, 64)</c> as expfmt prints values:
/// shortest round-trip digits, exponent form when the decimal exponent is below -4 or at least 6
/// (Go's threshold for shortest output), so <c>100000</c> but <c>1e+06</c>.
/// </summary>
internal static class PromFloat
{
    /// <summary>Longest text any formatter here produces (sign, 17 digits, point, exponent).</summary>
    public const int MaxLength = 32;

    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Text 0.0.4 rendering: <c>1</c>, <c>0</c>, <c>-1</c>, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>, else Go 'g'.</summary>
    public static int FormatText(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            "NaN"u8.CopyTo(destination);
            return 3;
        }
        if (double.IsInfinity(value))
        {
            (value > 0 ? "+Inf"u8 : "-Inf"u8).CopyTo(destination);
            return 4;
        }
        double magnitude = Math.Abs(value);
        if (magnitude < 1e6 && value == Math.Floor(value))
        {
            // Note: integers below 1e6 print the same in Go's shortest 'g' and as plain integers.
            Utf8Formatter.TryFormat((long)value, destination, out int n);
            return n;
        }
        if (magnitude < 1e6 && magnitude >= 1e-4)
        {
            if (ShortestDecimalFormatter.TryFormat(value, destination, out int n))
            {
                return n;
            }
            // Note: here both Go's 'g' and .NET's shortest round-trip format print plain decimals
            // (.NET switches to exponents only below 1e-5 or from 1e15), so no re-layout is needed.
            value.TryFormat(destination, out n, default, CultureInfo.InvariantCulture);
            return n;
        }
        if (magnitude < 9007199254740992.0 && value == Math.Floor(value))
        {
            return FormatLargeInteger(value, destination);
        }
        return FormatGoShortest(value, destination);
    }

    /// <summary>
    /// Go's shortest 'g' for an integral value from 1e6 to 2^53: exponent form of its digits.
    /// Note: below 2^53 doubles are at most 1 apart, so no shorter decimal than the integer's own
    /// digits (trailing zeros dropped) rounds back to it: those are the shortest digits.
    /// </summary>
    internal static int FormatLargeInteger(double value, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat((ulong)Math.Abs(value), digits, out int nd);
        int e = nd - 1;
        while (digits[nd - 1] == (byte)'0')
        {
            nd--;
        }
        int pos = 0;
        if (value < 0)
        {
            destination[pos++] = (byte)'-';
        }
        destination[pos++] = digits[0];
        if (nd > 1)
        {
            destination[pos++] = (byte)'.';
            digits[1..nd].CopyTo(destination[pos..]);
            pos += nd - 1;
        }
        destination[pos++] = (byte)'e';
        destination[pos++] = (byte)'+';
        if (e < 10)
        {
            destination[pos++] = (byte)'0';
        }
        Utf8Formatter.TryFormat(e, destination[pos..], out int w);
        return pos + w;
    }

    /// <summary>OpenMetrics rendering: like text, but integral values get ".0" (<c>1.0</c>, <c>1e+06</c> stays).</summary>
    public static int FormatOpenMetrics(double value, Span<byte> destination)
    {
        int n = FormatText(value, destination);
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return n;
        }
        if (destination[..n].IndexOfAny((byte)'.', (byte)'e') < 0)
        {
            destination[n++] = (byte)'.';
            destination[n++] = (byte)'0';
        }
        return n;
    }

    /// <summary>Go's <c>FormatFloat(v, 'g', -1, 64)</c> for a finite value.</summary>
    public static int FormatGoShortest(double value, Span<byte> destination)
    {
        // Note: .NET's "R" yields the shortest round-trip digits; only the layout differs from Go.
        Span<byte> raw = stackalloc byte[40];
        value.TryFormat(raw, out int rawLength, "R", CultureInfo.InvariantCulture);
        raw = raw[..rawLength];
        int pos = 0;
        bool negative = raw[0] == (byte)'-';
        if (negative)
        {
            raw = raw[1..];
        }
        Span<byte> digits = stackalloc byte[24];
        int nd = 0, dp = 0, exp = 0;
        bool seenPoint = false;
        for (int i = 0; i < raw.Length; i++)
        {
            byte c = raw[i];
            if (c == (byte)'.')
            {
                seenPoint = true;
            }
            else if (c == (byte)'E' || c == (byte)'e')
            {
                Utf8Parser.TryParse(raw[(i + 1)..], out exp, out _);
                break;
            }
            else
            {
                if (nd == 0 && c == (byte)'0')
                {
                    if (seenPoint)
                    {
                        dp--;
                    }
                    continue;
                }
                digits[nd++] = c;
                if (!seenPoint)
                {
                    dp++;
                }
            }
        }
        while (nd > 0 && digits[nd - 1] == (byte)'0')
        {
            nd--;
        }
        if (negative)
        {
            destination[pos++] = (byte)'-';
        }
        if (nd == 0)
        {
            destination[pos++] = (byte)'0';
            return pos;
        }
        dp += exp;
        int e = dp - 1;
        if (e < -4 || e >= 6)
        {
            destination[pos++] = digits[0];
            if (nd > 1)
            {
                destination[pos++] = (byte)'.';
                digits[1..nd].CopyTo(destination[pos..]);
                pos += nd - 1;
            }
            destination[pos++] = (byte)'e';
            destination[pos++] = e < 0 ? (byte)'-' : (byte)'+';
            int ae = Math.Abs(e);
            if (ae < 10)
            {
                destination[pos++] = (byte)'0';
            }
            Utf8Formatter.TryFormat(ae, destination[pos..], out int w);
            return pos + w;
        }
        if (dp <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (int i = dp; i < 0; i++)
            {
                destination[pos++] = (byte)'0';
            }
            digits[..nd].CopyTo(destination[pos..]);
            return pos + nd;
        }
        for (int i = 0; i < dp; i++)
        {
            destination[pos++] = i < nd ? digits[i] : (byte)'0';
        }
        if (nd > dp)
        {
            destination[pos++] = (byte)'.';
            digits[dp..nd].CopyTo(destination[pos..]);
            pos += nd - dp;
        }
        return pos;
    }

    /// <summary>
    /// Go's <c>strconv.ParseFloat</c> for decimal input: optional sign, digits with optional point and
    /// exponent, <c>Inf</c>/<c>Infinity</c> (any case, optional sign), <c>NaN</c> (any case).
    /// Note: Go also accepts hexadecimal floats (<c>0x1p-2</c>); they are rejected here.
    /// </summary>
    public static bool TryParseGo(ReadOnlySpan<byte> s, out double value)
    {
        if (TryParseDecimal(s, out value))
        {
            return true;
        }
        return TryParseSpecial(s, out value);
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }
        int sign = 1;
        var rest = s;
        if (s[0] == (byte)'+' || s[0] == (byte)'-')
        {
            sign = s[0] == (byte)'-' ? -1 : 1;
            rest = s[1..];
        }
        if (Ascii.EqualsIgnoreCase(rest, "inf"u8) || Ascii.EqualsIgnoreCase(rest, "infinity"u8))
        {
            value = sign > 0 ? double.PositiveInfinity : double.NegativeInfinity;
            return true;
        }
        if (rest.Length == s.Length && Ascii.EqualsIgnoreCase(s, "nan"u8))
        {
            value = double.NaN;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Decimal syntax <c>[+-](digits[.digits*]|.digits)[(e|E)[+-]digits]</c>. Up to 19 significant
    /// digits with a small exponent are computed exactly here; the rest go to the runtime's parser.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = 0, n = s.Length;
        bool negative = false;
        if (i < n && (s[i] == (byte)'+' || s[i] == (byte)'-'))
        {
            negative = s[i] == (byte)'-';
            i++;
        }
        ulong mantissa = 0;
        int significant = 0, scale = 0, digitCount = 0;
        bool truncated = false;
        while (i < n && (uint)(s[i] - '0') <= 9)
        {
            Accumulate(s[i], ref mantissa, ref significant, ref truncated, ref scale, afterPoint: false);
            digitCount++;
            i++;
        }
        if (i < n && s[i] == (byte)'.')
        {
            i++;
            while (i < n && (uint)(s[i] - '0') <= 9)
            {
                Accumulate(s[i], ref mantissa, ref significant, ref truncated, ref scale, afterPoint: true);
                digitCount++;
                i++;
            }
        }
        if (digitCount == 0)
        {
            return false;
        }
        int exponent = 0;
        if (i < n && (s[i] == (byte)'e' || s[i] == (byte)'E'))
        {
            i++;
            bool expNegative = false;
            if (i < n && (s[i] == (byte)'+' || s[i] == (byte)'-'))
            {
                expNegative = s[i] == (byte)'-';
                i++;
            }
            int start = i;
            while (i < n && (uint)(s[i] - '0') <= 9)
            {
                if (exponent < 100_000)
                {
                    exponent = exponent * 10 + (s[i] - '0');
                }
                i++;
            }
            if (i == start)
            {
                return false;
            }
            if (expNegative)
            {
                exponent = -exponent;
            }
        }
        if (i != n)
        {
            return false;
        }
        int e10 = exponent - scale;
        if (!truncated && mantissa <= (1UL << 53) && e10 >= -22 && e10 <= 22)
        {
            double m = mantissa;
            value = e10 >= 0 ? m * PowersOf10[e10] : m / PowersOf10[-e10];
            value = negative ? -value : value;
            return true;
        }
        if (!truncated && e10 >= -ExactDecimal.MaxExponent && e10 <= ExactDecimal.MaxExponent)
        {
            value = ExactDecimal.ToDouble(mantissa, e10);
            value = negative ? -value : value;
            return true;
        }
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    private static void Accumulate(byte c, ref ulong mantissa, ref int significant, ref bool truncated, ref int scale, bool afterPoint)
    {
        int d = c - '0';
        if (significant == 0 && d == 0)
        {
            if (afterPoint)
            {
                scale++;
            }
            return;
        }
        if (significant < 19)
        {
            mantissa = mantissa * 10 + (ulong)d;
            significant++;
            if (afterPoint)
            {
                scale++;
            }
        }
        else
        {
            truncated = true;
            if (!afterPoint)
            {
                scale--;
            }
        }
    }
}
