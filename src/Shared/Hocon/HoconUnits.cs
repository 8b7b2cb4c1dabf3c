using System.Globalization;

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Durations and sizes in HOCON's units format (HOCON.md "Duration format", "Size in bytes
/// format"): a number with an optional unit; a bare number is milliseconds or bytes.
/// </summary>
internal static class HoconUnits
{
    private static readonly Dictionary<string, double> DurationUnits = Build(
        (1e-6, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (1e-3, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (1, ["ms", "milli", "millis", "millisecond", "milliseconds"]),
        (1_000, ["s", "second", "seconds"]),
        (60_000, ["m", "minute", "minutes"]),
        (3_600_000, ["h", "hour", "hours"]),
        (86_400_000, ["d", "day", "days"]));

    private static readonly Dictionary<string, double> SizeUnits = BuildSizes();

    /// <summary>Reads a duration; false with a reason when the text is not one.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration, out string error)
    {
        duration = default;
        if (!TrySplit(text, out var number, out var unit, out error))
        {
            return false;
        }
        if (unit.Length > 0 && !DurationUnits.ContainsKey(unit))
        {
            error = $"unknown duration unit '{unit}' (expected ns, us, ms, s, m, h or d)";
            return false;
        }
        double milliseconds = number * (unit.Length == 0 ? 1 : DurationUnits[unit]);
        if (double.IsNaN(milliseconds) || Math.Abs(milliseconds) > TimeSpan.MaxValue.TotalMilliseconds)
        {
            error = "duration out of range";
            return false;
        }
        duration = TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));
        return true;
    }

    /// <summary>Reads a size in bytes; false with a reason when the text is not one.</summary>
    public static bool TryParseSize(string text, out long bytes, out string error)
    {
        bytes = 0;
        if (!TrySplit(text, out var number, out var unit, out error))
        {
            return false;
        }
        if (unit.Length > 0 && !SizeUnits.ContainsKey(unit))
        {
            error = $"unknown size unit '{unit}' (expected B, kB, KiB, MB, MiB, GB, GiB, ...)";
            return false;
        }
        double value = number * (unit.Length == 0 ? 1 : SizeUnits[unit]);
        if (value < 0 || value >= long.MaxValue || value != Math.Floor(value))
        {
            error = value < 0 ? "a size cannot be negative" : value != Math.Floor(value) ? "a size must be a whole number of bytes" : "size out of range";
            return false;
        }
        bytes = (long)value;
        return true;
    }

    private static bool TrySplit(string text, out double number, out string unit, out string error)
    {
        var trimmed = text.Trim();
        int end = 0;
        while (end < trimmed.Length && (char.IsAsciiDigit(trimmed[end]) || trimmed[end] is '.' or '-' or '+' or 'e' or 'E')
            && !(trimmed[end] is 'e' or 'E' && (end + 1 >= trimmed.Length || !(char.IsAsciiDigit(trimmed[end + 1]) || trimmed[end + 1] is '-' or '+'))))
        {
            end++;
        }
        unit = trimmed[end..].Trim();
        error = "";
        if (!double.TryParse(trimmed.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            error = $"expected a number followed by an optional unit, got \"{text}\"";
            return false;
        }
        foreach (char c in unit)
        {
            if (!char.IsLetter(c))
            {
                error = $"expected a number followed by an optional unit, got \"{text}\"";
                return false;
            }
        }
        return true;
    }

    private static Dictionary<string, double> Build(params (double Factor, string[] Names)[] groups)
    {
        var units = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (factor, names) in groups)
        {
            foreach (var name in names)
            {
                units[name] = factor;
            }
        }
        return units;
    }

    private static Dictionary<string, double> BuildSizes()
    {
        var units = Build((1, ["B", "b", "byte", "bytes"]));
        string[] decimalNames = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
        string[] words = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryWords = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        for (int i = 0; i < decimalNames.Length; i++)
        {
            double power10 = Math.Pow(1000, i + 1);
            double power2 = Math.Pow(1024, i + 1);
            string upper = decimalNames[i].ToUpperInvariant();
            units[decimalNames[i] + "B"] = power10;
            units[words[i] + "byte"] = power10;
            units[words[i] + "bytes"] = power10;
            units[upper] = power2;
            units[upper.ToLowerInvariant()] = power2;
            units[upper + "i"] = power2;
            units[upper + "iB"] = power2;
            units[binaryWords[i] + "byte"] = power2;
            units[binaryWords[i] + "bytes"] = power2;
        }
        return units;
    }
}
