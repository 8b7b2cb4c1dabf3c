using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Integration.Tests;

/// <summary>Reads a /federate text body into "name{label="value",...}" (labels sorted, some left out) → value.</summary>
internal static partial class FederateText
{
    public static Dictionary<string, double> Parse(string body, params string[] without)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            int close = line.LastIndexOf('}');
            string name = brace < 0 ? line[..line.IndexOf(' ', StringComparison.Ordinal)] : line[..brace];
            var labels = brace < 0 ? [] : LabelPair().Matches(line[(brace + 1)..close])
                .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
                .Where(l => !without.Contains(l.Item1))
                .OrderBy(l => l.Item1, StringComparer.Ordinal)
                .Select(l => $"{l.Item1}=\"{l.Item2}\"").ToList();
            var value = line[((brace < 0 ? name.Length : close + 1))..].Trim().Split(' ')[0];
            series[$"{name}{{{string.Join(",", labels)}}}"] = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return series;
    }

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
