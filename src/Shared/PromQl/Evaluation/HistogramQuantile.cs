using System.Globalization;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>histogram_quantile over classic <c>le</c> buckets (Prometheus's BucketQuantile).</summary>
internal static class HistogramQuantile
{
    private const double SmallDeltaTolerance = 1e-12;

    public static List<VectorSample> Evaluate(double q, List<VectorSample> input, long time)
    {
        var groups = new Dictionary<ulong, (VectorSample First, List<(double Upper, double Count)> Buckets)>();
        var order = new List<ulong>();
        string[] excluded = ["le"];
        foreach (var s in input)
        {
            var le = s.Labels.Get("le");
            if (le is null || !TryParseBound(le, out double upper))
            {
                continue;
            }
            // Note: the metric name is part of the group (only le is ignored); groups of different
            // metrics that collide once the name is dropped fail the uniqueness check, as in Prometheus.
            ulong key = GroupingKey.Of(s.Labels, s.DropName, excluded, include: false);
            if (!groups.TryGetValue(key, out var group))
            {
                group = (s, []);
                groups.Add(key, group);
                order.Add(key);
            }
            group.Buckets.Add((upper, s.Value));
        }
        var output = new List<VectorSample>(order.Count);
        foreach (var key in order)
        {
            var (first, buckets) = groups[key];
            output.Add(new VectorSample(first.Labels.Without("le"), BucketQuantile(q, buckets), time, DropName: true));
        }
        return output;
    }

    private static bool TryParseBound(string le, out double upper)
    {
        var lower = le.ToLowerInvariant();
        if (lower is "+inf" or "inf")
        {
            upper = double.PositiveInfinity;
            return true;
        }
        if (lower == "-inf")
        {
            upper = double.NegativeInfinity;
            return true;
        }
        return PromDuration.TryParseNumber(le, out upper) || double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out upper);
    }

    public static double BucketQuantile(double q, List<(double Upper, double Count)> buckets)
    {
        if (double.IsNaN(q))
        {
            return double.NaN;
        }
        if (q < 0)
        {
            return double.NegativeInfinity;
        }
        if (q > 1)
        {
            return double.PositiveInfinity;
        }
        buckets.Sort((a, b) => a.Upper.CompareTo(b.Upper));
        if (!double.IsPositiveInfinity(buckets[^1].Upper))
        {
            return double.NaN;
        }
        Coalesce(buckets);
        EnsureMonotonic(buckets);
        if (buckets.Count < 2)
        {
            return double.NaN;
        }
        double observations = buckets[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < buckets.Count - 1 && !(buckets[b].Count >= rank))
        {
            b++;
        }
        if (b == buckets.Count - 1)
        {
            return buckets[^2].Upper;
        }
        if (b == 0 && buckets[0].Upper <= 0)
        {
            return buckets[0].Upper;
        }
        double bucketStart = 0;
        double bucketEnd = buckets[b].Upper;
        double count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].Upper;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }
        return bucketStart + ((bucketEnd - bucketStart) * (rank / count));
    }

    private static void Coalesce(List<(double Upper, double Count)> buckets)
    {
        var last = buckets[0];
        int i = 0;
        for (int j = 1; j < buckets.Count; j++)
        {
            if (buckets[j].Upper == last.Upper)
            {
                last.Count += buckets[j].Count;
            }
            else
            {
                buckets[i++] = last;
                last = buckets[j];
            }
        }
        buckets[i] = last;
        buckets.RemoveRange(i + 1, buckets.Count - i - 1);
    }

    private static void EnsureMonotonic(List<(double Upper, double Count)> buckets)
    {
        double prev = buckets[0].Count;
        for (int i = 1; i < buckets.Count; i++)
        {
            double curr = buckets[i].Count;
            if (curr == prev)
            {
                continue;
            }
            if (AlmostEqual(prev, curr, SmallDeltaTolerance))
            {
                buckets[i] = (buckets[i].Upper, prev);
                continue;
            }
            if (curr < prev)
            {
                buckets[i] = (buckets[i].Upper, prev);
                continue;
            }
            prev = curr;
        }
    }

    /// <summary>Prometheus's almost.Equal: relative tolerance, absolute near zero.</summary>
    internal static bool AlmostEqual(double a, double b, double epsilon)
    {
        if (a == b)
        {
            return true;
        }
        double absSum = Math.Abs(a) + Math.Abs(b);
        double diff = Math.Abs(a - b);
        if (a == 0 || b == 0 || absSum < double.Epsilon * 4503599627370496.0)
        {
            return diff < epsilon * 2.2250738585072014E-308;
        }
        return diff / Math.Min(absSum, double.MaxValue) < epsilon;
    }
}
