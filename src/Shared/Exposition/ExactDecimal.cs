using System.Numerics;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// The correctly rounded double of w·10^e for a 64-bit w and |e| ≤ 27, with exact 128-bit integer
/// arithmetic: w·10^e = w·5^e·2^e, and 5^27 still fits in 64 bits, so the product (or, for a negative
/// e, the quotient of w shifted left by 64+ bits and 5^-e, with its remainder as sticky bit) holds
/// every bit that decides the rounding. Note: this covers the 17-digit values that printing
/// shortest round-trip digits produces (beyond the 2^53 of the plain double fast path) without the
/// runtime's general parser; results are far from the subnormal and overflow ranges, where scaling
/// by a power of two would round twice.
/// </summary>
internal static class ExactDecimal
{
    public const int MaxExponent = 27;

    private static readonly ulong[] PowersOf5 = BuildPowersOf5();

    public static double ToDouble(ulong w, int e10)
    {
        if (w == 0)
        {
            return 0;
        }
        if (e10 >= 0)
        {
            var product = (UInt128)w * PowersOf5[e10];
            return Round(product, sticky: false, e10);
        }
        int shift = BitOperations.LeadingZeroCount(w) + 64;
        var numerator = (UInt128)w << shift;
        var divisor = (UInt128)PowersOf5[-e10];
        var quotient = numerator / divisor;
        bool sticky = quotient * divisor != numerator;
        return Round(quotient, sticky, e10 - shift);
    }

    /// <summary>x·2^binaryExponent rounded to 53 bits, ties to even; <paramref name="sticky"/> = bits below x were set.</summary>
    private static double Round(UInt128 x, bool sticky, int binaryExponent)
    {
        int length = 128 - (int)UInt128.LeadingZeroCount(x);
        if (length <= 53)
        {
            // Note: only reached without a remainder (a product), so the value is exact.
            return Math.ScaleB((double)(ulong)x, binaryExponent);
        }
        int drop = length - 53;
        ulong top = (ulong)(x >> drop);
        var rest = x & ((UInt128.One << drop) - 1);
        var half = UInt128.One << (drop - 1);
        if (rest > half || (rest == half && (sticky || (top & 1) != 0)))
        {
            top++;
        }
        return Math.ScaleB(top, binaryExponent + drop);
    }

    private static ulong[] BuildPowersOf5()
    {
        var powers = new ulong[MaxExponent + 1];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 5;
        }
        return powers;
    }
}
