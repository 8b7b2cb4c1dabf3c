using System.Text;
using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Tests.Exposition;

public class PromFloatTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.0, "0")]
    [InlineData(-1.0, "-1")]
    [InlineData(1e6, "1e+06")]
    [InlineData(100000.0, "100000")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(21.5, "21.5")]
    [InlineData(1027.0, "1027")]
    [InlineData(0.001983578, "0.001983578")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(123456.7, "123456.7")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5e21, "-2.5e+21")]
    [InlineData(8.3062296e+08, "8.3062296e+08")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatText_Value_MatchesGoStrconvG(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
        int n = PromFloat.FormatText(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(42.0, "42.0")]
    [InlineData(1e6, "1e+06")]
    [InlineData(0.5, "0.5")]
    public void FormatOpenMetrics_Value_HasPointOrExponent(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
        int n = PromFloat.FormatOpenMetrics(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-1.5e3", -1500.0)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("1.7976931348623157e308", 1.7976931348623157e308)]
    [InlineData("12345678901234567890123", 1.2345678901234568e22)]
    [InlineData("0.000000000000000000000000001", 1e-27)]
    public void TryParseGo_ValidInput_ParsesExactly(string text, double expected)
    {
        Assert.True(PromFloat.TryParseGo(Encoding.ASCII.GetBytes(text), out double value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1_000")]
    [InlineData("1e")]
    [InlineData("+NaN")]
    [InlineData("abc")]
    [InlineData(".")]
    [InlineData("1..2")]
    public void TryParseGo_InvalidInput_Fails(string text)
    {
        Assert.False(PromFloat.TryParseGo(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void FormatText_RandomDoubles_RoundTripThroughParse()
    {
        var random = new Random(42);
        Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
        for (int i = 0; i < 100_000; i++)
        {
            double v = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsNaN(v))
            {
                continue;
            }
            int n = PromFloat.FormatText(v, buffer);
            Assert.True(PromFloat.TryParseGo(buffer[..n], out double back), Encoding.ASCII.GetString(buffer[..n]));
            Assert.Equal(v == 0 ? 0 : v, back);
        }
    }
}
