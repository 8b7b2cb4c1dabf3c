using System.Globalization;

namespace Aggregator.Shared.PromQl;

/// <summary>Prometheus durations (<c>1h30m</c>, <c>5m</c>, <c>100ms</c>) and PromQL number literals.</summary>
public static class PromDuration
{
    /// <summary>Parses a Prometheus duration into milliseconds; units y w d h m s ms in that order, each once.</summary>
    public static bool TryParse(string text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.Length == 0)
        {
            return false;
        }
        if (text == "0")
        {
            return true;
        }
        int i = 0;
        int lastUnit = -1;
        (string Name, long Ms)[] units = [("y", 365L * 86400000), ("w", 7L * 86400000), ("d", 86400000), ("h", 3600000), ("m", 60000), ("s", 1000), ("ms", 1)];
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == start || i == text.Length)
            {
                return false;
            }
            var number = long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            int unit = -1;
            if (text.AsSpan(i).StartsWith("ms"))
            {
                unit = 6;
                i += 2;
            }
            else
            {
                for (int u = 0; u < 6; u++)
                {
                    if (text[i] == units[u].Name[0])
                    {
                        unit = u;
                        i++;
                        break;
                    }
                }
            }
            if (unit <= lastUnit)
            {
                return false;
            }
            lastUnit = unit;
            milliseconds = checked(milliseconds + (number * units[unit].Ms));
        }
        return true;
    }

    /// <summary>A PromQL number literal as Go reads it: ParseInt with base prefix, else ParseFloat (Inf, NaN).</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        var s = text;
        if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            if (long.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex))
            {
                value = hex;
                return true;
            }
        }
        else if (s.Length > 1 && s[0] == '0' && s.AsSpan(1).IndexOfAnyExceptInRange('0', '7') < 0)
        {
            value = Convert.ToInt64(s, 8);
            return true;
        }
        var lower = s.ToLowerInvariant();
        if (lower is "inf" or "+inf")
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (lower == "nan")
        {
            value = double.NaN;
            return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
