using System.Globalization;
using System.Text;
using Aggregator.Shared.Exposition;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// The float fast paths agree with the general ones: formatting small decimals and large integers
/// without re-layout gives what <see cref="PromFloat.FormatGoShortest"/> gives, and the exact
/// decimal parser gives the runtime parser's bits, on generated values and spellings.
/// </summary>
public class PromFloatFastPathTests
{
    [Theory]
    [InlineData(1795318940322.0, "1.795318940322e+12")]
    [InlineData(9007199254740991.0, "9.007199254740991e+15")]
    [InlineData(1e15, "1e+15")]
    [InlineData(-3e6, "-3e+06")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(0.00012345678901234567, "0.00012345678901234567")]
    [InlineData(999999.9999999999, "999999.9999999999")]
    [InlineData(-0.5, "-0.5")]
    public void FormatText_FastPathValue_MatchesGoStrconvG(double value, string expected)
    {
        Assert.Equal(expected, FormatText(value));
    }

    [Fact]
    public void FormatText_NegativeZero_IsZeroAsExpfmtWritesIt()
    {
        Assert.Equal("0", FormatText(-0.0));
    }

    [Fact]
    public void FormatText_GeneratedValues_AgreeWithGeneralFormatter()
    {
        var scaled = from mantissa in ArbMap.Default.GeneratorFor<double>()
                     from exponent in Gen.Choose(-8, 17)
                     select mantissa * Math.Pow(10, exponent);
        var integers = from l in ArbMap.Default.GeneratorFor<long>() select (double)(l % (1L << 53));
        var bits = from l in ArbMap.Default.GeneratorFor<long>() select BitConverter.Int64BitsToDouble(l);
        var edges = Gen.Elements(1e-4, 1e6, 999999.5, 1e6 - 1, 9007199254740992.0, 9007199254740993.0, 1e-300, -1e-4, 0.1, 5e-324);
        Prop.ForAll(Gen.OneOf(scaled, integers, bits, edges).ToArbitrary(), v =>
        {
            if (double.IsNaN(v) || double.IsInfinity(v) || v == 0)
            {
                return;
            }
            Assert.Equal(General(v), FormatText(v));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParseGo_GeneratedDecimals_AgreeWithRuntimeParser()
    {
        var digits = from ds in Gen.ArrayOf(Gen.Elements('0', '1', '5', '9', '7')) select new string(ds);
        var spelling = from sign in Gen.Elements("", "-", "+")
                       from whole in digits
                       from point in Gen.Elements("", ".")
                       from fraction in digits
                       from exponent in Gen.OneOf(Gen.Constant(""), from e in Gen.Choose(-330, 330) select "e" + e.ToString(CultureInfo.InvariantCulture))
                       select sign + whole + point + fraction + exponent;
        var printed = from v in ArbMap.Default.GeneratorFor<double>() select v.ToString("R", CultureInfo.InvariantCulture);
        var edges = Gen.Elements("-0", "0.0", "1e-300", "4.9e-324", "2.2250738585072014e-308", "9007199254740993",
            "123456789012345678901234567890", "0.30000000000000004", "1.7976931348623157e308", "1e23", "8.98846567431158e307");
        Prop.ForAll(Gen.OneOf(spelling, printed, edges).ToArbitrary(), text =>
        {
            var utf8 = Encoding.ASCII.GetBytes(text);
            bool expectedOk = double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out double expected);
            bool ok = PromFloat.TryParseGo(utf8, out double actual);
            Assert.True(expectedOk == ok, $"{text}: runtime {expectedOk}, PromFloat {ok}");
            if (ok)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{text}: {expected:R} vs {actual:R}");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    [InlineData("-0")]
    public void TryParseGo_SpecialSpelling_RoundTripsThroughFormat(string text)
    {
        Assert.True(PromFloat.TryParseGo(Encoding.ASCII.GetBytes(text), out double value));
        Assert.Equal(text == "-0" ? "0" : text, FormatText(value));
        if (text == "-0")
        {
            Assert.True(double.IsNegative(value));
        }
    }

    private static string FormatText(double value)
    {
        Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
        int n = PromFloat.FormatText(value, buffer);
        return Encoding.ASCII.GetString(buffer[..n]);
    }

    private static string General(double value)
    {
        Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
        int n = PromFloat.FormatGoShortest(value, buffer);
        return Encoding.ASCII.GetString(buffer[..n]);
    }
}
