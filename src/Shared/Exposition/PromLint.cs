using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// The consistency lints of <c>promtool check metrics</c> (client_golang's promlint), with the same
/// wording: missing help, <c>_total</c> on (non-)counters, reserved suffixes and labels, type names,
/// ':' in names, camelCase, non-base and abbreviated units.
/// </summary>
internal static class PromLint
{
    private static readonly string[] Abbreviations = ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"];

    private static readonly Dictionary<string, string> NonBaseUnits = new(StringComparer.Ordinal)
    {
        ["minutes"] = "seconds",
        ["hours"] = "seconds",
        ["days"] = "seconds",
        ["weeks"] = "seconds",
        ["bits"] = "bytes",
    };

    private static readonly string[] BaseUnits = ["seconds", "bytes", "meters", "metres", "grams", "volts", "amperes", "joules", "celsius", "kelvin"];

    private static readonly string[] Prefixes =
        ["pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi"];

    /// <summary>Problems with one family; <paramref name="labelNames"/> are the label names its samples used.</summary>
    public static IEnumerable<string> Check(string name, MetricType type, bool hasHelp, IReadOnlyCollection<string> labelNames)
    {
        if (!hasHelp)
        {
            yield return "no help text";
        }
        var (unit, baseUnit) = FindUnit(name);
        if (unit is not null)
        {
            yield return $"use base unit \"{baseUnit}\" instead of \"{unit}\"";
        }
        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            yield return "counter metrics should have \"_total\" suffix";
        }
        if (type != MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            yield return "non-counter metrics should not have \"_total\" suffix";
        }
        if (type != MetricType.Histogram)
        {
            if (name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                yield return "non-histogram metrics should not have \"_bucket\" suffix";
            }
            if (labelNames.Contains("le"))
            {
                yield return "non-histogram metrics should not have \"le\" label";
            }
        }
        if (type is not MetricType.Histogram and not MetricType.Summary)
        {
            if (name.EndsWith("_count", StringComparison.Ordinal))
            {
                yield return "non-histogram and non-summary metrics should not have \"_count\" suffix";
            }
            if (name.EndsWith("_sum", StringComparison.Ordinal))
            {
                yield return "non-histogram and non-summary metrics should not have \"_sum\" suffix";
            }
        }
        if (type != MetricType.Summary && labelNames.Contains("quantile"))
        {
            yield return "non-summary metrics should not have \"quantile\" label";
        }
        var typeName = type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            MetricType.Histogram => "histogram",
            MetricType.Summary => "summary",
            _ => "untyped",
        };
        if (name.Contains("_" + typeName + "_", StringComparison.Ordinal) || name.EndsWith("_" + typeName, StringComparison.Ordinal))
        {
            yield return $"metric name should not include type '{typeName}'";
        }
        if (name.Contains(':', StringComparison.Ordinal))
        {
            yield return "metric names should not contain ':'";
        }
        if (IsCamelCase(name))
        {
            yield return "metric names should be written in 'snake_case' not 'camelCase'";
        }
        if (labelNames.Any(IsCamelCase))
        {
            yield return "label names should be written in 'snake_case' not 'camelCase'";
        }
        if (name.Split('_').Any(piece => Abbreviations.Contains(piece)))
        {
            yield return "metric names should not contain abbreviated units";
        }
    }

    private static (string? Unit, string? Base) FindUnit(string name)
    {
        foreach (var piece in name.Split('_'))
        {
            if (NonBaseUnits.TryGetValue(piece, out var b))
            {
                return (piece, b);
            }
            foreach (var prefix in Prefixes)
            {
                if (piece.Length > prefix.Length && piece.StartsWith(prefix, StringComparison.Ordinal)
                    && BaseUnits.Contains(piece[prefix.Length..]))
                {
                    return (piece, piece[prefix.Length..]);
                }
            }
        }
        return (null, null);
    }

    private static bool IsCamelCase(string s)
    {
        for (int i = 1; i < s.Length; i++)
        {
            if (char.IsAsciiLetterUpper(s[i]) && char.IsAsciiLetterLower(s[i - 1]))
            {
                return true;
            }
        }
        return false;
    }
}
