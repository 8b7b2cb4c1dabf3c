using System.Globalization;
using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Tests.Exposition;

public class ExactDecimalTests
{
    [Theory]
    [InlineData(83721233719585370UL, -11)]
    [InlineData(9007199254740993UL, 0)]
    [InlineData(18446744073709551615UL, -27)]
    [InlineData(18446744073709551615UL, 27)]
    [InlineData(1UL, -27)]
    [InlineData(30000000000000004UL, -17)]
    [InlineData(9999999999999999999UL, -19)]
    public void ToDouble_Value_MatchesRuntimeParser(ulong w, int e10)
    {
        AssertMatches(w, e10);
    }

    [Fact]
    public void ToDouble_RandomLongMantissas_MatchRuntimeParser()
    {
        var random = new Random(11);
        for (int i = 0; i < 200_000; i++)
        {
            ulong w = (ulong)random.NextInt64(1L << 53, long.MaxValue) >> random.Next(0, 12);
            int e10 = random.Next(-ExactDecimal.MaxExponent, ExactDecimal.MaxExponent + 1);
            AssertMatches(w, e10);
        }
    }

    [Fact]
    public void ToDouble_HalfwayCases_RoundToEven()
    {
        // Note: 2^53+1 and 2^53+3 lie exactly between two doubles; ties go to the even mantissa.
        AssertMatches(9007199254740993UL, 0);
        AssertMatches(9007199254740995UL, 0);
        AssertMatches(90071992547409930UL, -1);
        AssertMatches(90071992547409950UL, -1);
        AssertMatches(90071992547409931UL, -1);
    }

    private static void AssertMatches(ulong w, int e10)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{w}e{e10}");
        double expected = double.Parse(text, CultureInfo.InvariantCulture);
        double actual = ExactDecimal.ToDouble(w, e10);
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{text}: {expected:R} vs {actual:R}");
    }
}
