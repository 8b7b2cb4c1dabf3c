using System.Globalization;

namespace Aggregator.Tests.Common;

/// <summary>Reads values out of a <c>/metrics</c> page (text exposition).</summary>
public static class MetricsText
{
    /// <summary>
    /// The value of <paramref name="series"/>, written as the page writes it (the name, then its labels in
    /// braces if any: <c>x_total{rule_group="a"}</c>), or null when the page does not hold it.
    /// </summary>
    public static double? Value(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
