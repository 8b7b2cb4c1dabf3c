using System.Text;
using Aggregator.Shared.Exposition;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Exposition;

public class ShortestDecimalFormatterTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456.78901234567, "123456.78901234567")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(-21.5, "-21.5")]
    [InlineData(999999.9999999999, "999999.9999999999")]
    [InlineData(1.0000000000000002, "1.0000000000000002")]
    public void TryFormat_Value_ShortestPlainDecimal(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
        Assert.True(ShortestDecimalFormatter.TryFormat(value, buffer, out int n));
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData(0.00009999)]
    [InlineData(1e6)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void TryFormat_OutsideRangeOrPowerOfTwo_LeavesItToGeneralFormatter(double value)
    {
        Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
        Assert.False(ShortestDecimalFormatter.TryFormat(value, buffer, out _));
    }

    [Fact]
    public void TryFormat_RandomValuesInRange_AgreesWithGeneralFormatterAndRarelyDeclines()
    {
        var random = new Random(7);
        Span<byte> fast = stackalloc byte[PromFloat.MaxLength];
        Span<byte> general = stackalloc byte[PromFloat.MaxLength];
        int declined = 0;
        const int count = 300_000;
        for (int i = 0; i < count; i++)
        {
            // Note: uniform in log scale over the range, with random low mantissa bits.
            double v = Math.Pow(10, -4 + (10 * random.NextDouble()));
            v = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(v) ^ (random.NextInt64() & 0xFFFFF));
            v = random.Next(2) == 0 ? v : -v;
            if (!ShortestDecimalFormatter.TryFormat(v, fast, out int n))
            {
                declined++;
                continue;
            }
            int g = PromFloat.FormatGoShortest(v, general);
            Assert.True(fast[..n].SequenceEqual(general[..g]), $"{v:R}: {Encoding.ASCII.GetString(fast[..n])} vs {Encoding.ASCII.GetString(general[..g])}");
        }
        Assert.True(declined < count / 100, $"declined {declined} of {count}");
    }

    [Fact]
    public void TryFormat_ShortDecimals_AgreesWithGeneralFormatter()
    {
        var gen = from digits in Gen.Choose(1, 999_999_999)
                  from scale in Gen.Choose(0, 12)
                  select digits / Math.Pow(10, scale);
        Prop.ForAll(gen.ToArbitrary(), v =>
        {
            Span<byte> fast = stackalloc byte[PromFloat.MaxLength];
            Span<byte> general = stackalloc byte[PromFloat.MaxLength];
            if (ShortestDecimalFormatter.TryFormat(v, fast, out int n))
            {
                int g = PromFloat.FormatGoShortest(v, general);
                Assert.Equal(Encoding.ASCII.GetString(general[..g]), Encoding.ASCII.GetString(fast[..n]));
            }
        }).QuickCheckThrowOnFailure();
    }
}
