using Aggregator.Shared.Model;

namespace Aggregator.Integration.Tests.Rules;

/// <summary>
/// Compares one rule's output from two engines: the same label sets, and values equal within a
/// relative tolerance (NaN equals NaN, infinities must match exactly).
/// </summary>
internal static class RuleOutputComparison
{
    public const double RelativeTolerance = 1e-9;

    /// <summary>Every difference, one line each (empty when the outputs agree).</summary>
    public static List<string> Differences(string where, IReadOnlyDictionary<LabelSet, double> expected, IReadOnlyDictionary<LabelSet, double> actual)
    {
        var problems = new List<string>();
        foreach (var (labels, value) in expected)
        {
            if (!actual.TryGetValue(labels, out var other))
            {
                problems.Add($"{where}: {labels} = {value:G17} only in Prometheus 2.42");
            }
            else if (!Close(value, other))
            {
                problems.Add($"{where}: {labels}: Prometheus 2.42 {value:G17}, ours {other:G17}");
            }
        }
        foreach (var (labels, value) in actual)
        {
            if (!expected.ContainsKey(labels))
            {
                problems.Add($"{where}: {labels} = {value:G17} only in ours");
            }
        }
        return problems;
    }

    /// <summary>The largest relative difference over label sets both sides have (finite values only).</summary>
    public static double MaxRelativeDifference(IReadOnlyDictionary<LabelSet, double> expected, IReadOnlyDictionary<LabelSet, double> actual)
    {
        double max = 0;
        foreach (var (labels, value) in expected)
        {
            if (actual.TryGetValue(labels, out var other) && double.IsFinite(value) && double.IsFinite(other) && value != other)
            {
                max = Math.Max(max, Math.Abs(value - other) / Math.Max(Math.Abs(value), Math.Abs(other)));
            }
        }
        return max;
    }

    public static bool Close(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b);
        }
        if (double.IsInfinity(a) || double.IsInfinity(b))
        {
            return a == b;
        }
        return Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));
    }
}
