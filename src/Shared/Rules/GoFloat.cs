using System.Globalization;

namespace Aggregator.Shared.Rules;

/// <summary>Go's <c>strconv.FormatFloat(v, 'E', -1, 64)</c>, as promtool prints sample values.</summary>
internal static class GoFloat
{
    public static string FormatE(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }
        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }
        // Note: "R" gives the shortest round-trip digits; re-render them in Go's d.dddE±dd shape.
        var shortest = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent;
        if (v == 0)
        {
            digits = "0";
            exponent = 0;
        }
        else
        {
            var mantissa = shortest;
            int e = 0;
            int ePos = mantissa.IndexOfAny(['E', 'e']);
            if (ePos >= 0)
            {
                e = int.Parse(mantissa[(ePos + 1)..], CultureInfo.InvariantCulture);
                mantissa = mantissa[..ePos];
            }
            int dot = mantissa.IndexOf('.');
            string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
            string frac = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
            var all = (intPart + frac).TrimStart('0');
            int leadingZeros = (intPart + frac).Length - all.Length;
            exponent = intPart.Length - 1 - leadingZeros + e;
            digits = all.TrimEnd('0');
            if (digits.Length == 0)
            {
                digits = "0";
            }
        }
        var sb = new System.Text.StringBuilder();
        if (v < 0)
        {
            sb.Append('-');
        }
        sb.Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits.AsSpan(1));
        }
        sb.Append('E').Append(exponent < 0 ? '-' : '+');
        int absExp = Math.Abs(exponent);
        if (absExp < 10)
        {
            sb.Append('0');
        }
        sb.Append(absExp.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
