using System.Globalization;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Formats floats as Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> prints them.</summary>
internal static class ValueFormat
{
    public static string Format(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }
        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        // Note: Go writes exponents with at least two digits: 1e+06, 1e-07.
        int e = r.IndexOf('E');
        if (e >= 0)
        {
            var mantissa = r[..e];
            var exp = r[(e + 1)..];
            char sign = exp[0] == '-' ? '-' : '+';
            var digits = exp.TrimStart('+', '-');
            if (digits.Length < 2)
            {
                digits = "0" + digits;
            }
            return mantissa + "e" + sign + digits;
        }
        return r;
    }
}
