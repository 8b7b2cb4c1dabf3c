using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// Per-series range-vector functions (Prometheus 3.x functions.go semantics). Each takes the
/// samples of one series in (rangeEnd - range, rangeEnd] without stale markers, and returns
/// false when the series yields no output.
/// </summary>
internal static class RangeFunctions
{
    /// <summary>Samples without stale markers; copies only when a marker is present.</summary>
    public static ReadOnlySpan<Sample> NonStale(ReadOnlyMemory<Sample> samples) => NonStale(samples.Span);

    /// <summary>Samples without stale markers; copies only when a marker is present.</summary>
    public static ReadOnlySpan<Sample> NonStale(ReadOnlySpan<Sample> span)
    {
        int i = 0;
        while (i < span.Length && !StaleMarker.IsStale(span[i].Value))
        {
            i++;
        }
        if (i == span.Length)
        {
            return span;
        }
        var copy = new List<Sample>(span.Length);
        foreach (var s in span)
        {
            if (!StaleMarker.IsStale(s.Value))
            {
                copy.Add(s);
            }
        }
        return copy.ToArray();
    }

    /// <summary>rate, increase (counters) and delta (gauges), extrapolated to the range boundaries.</summary>
    public static bool ExtrapolatedRate(ReadOnlySpan<Sample> s, long rangeEnd, long rangeMs, bool isCounter, bool isRate, out double result)
    {
        result = 0;
        if (s.Length < 2)
        {
            return false;
        }
        long rangeStart = rangeEnd - rangeMs;
        long firstT = s[0].TimestampMs;
        long lastT = s[^1].TimestampMs;
        double value = s[^1].Value - s[0].Value;
        if (isCounter)
        {
            for (int i = 1; i < s.Length; i++)
            {
                if (s[i].Value < s[i - 1].Value)
                {
                    value += s[i - 1].Value;
                }
            }
        }
        double durationToStart = (firstT - rangeStart) / 1000.0;
        double durationToEnd = (rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageBetween = sampledInterval / (s.Length - 1);
        double threshold = averageBetween * 1.1;
        if (durationToStart >= threshold)
        {
            durationToStart = averageBetween / 2;
        }
        if (isCounter)
        {
            double durationToZero = durationToStart;
            if (value > 0 && s[0].Value >= 0)
            {
                durationToZero = sampledInterval * (s[0].Value / value);
            }
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold)
        {
            durationToEnd = averageBetween / 2;
        }
        double factor = sampledInterval != 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
        if (isRate)
        {
            factor /= rangeMs / 1000.0;
        }
        result = value * factor;
        return true;
    }

    /// <summary>irate (isRate) and idelta: from the last two samples.</summary>
    public static bool InstantValue(ReadOnlySpan<Sample> s, bool isRate, out double result)
    {
        result = 0;
        if (s.Length < 2)
        {
            return false;
        }
        var last = s[^1];
        var previous = s[^2];
        long interval = last.TimestampMs - previous.TimestampMs;
        if (interval == 0)
        {
            return false;
        }
        result = isRate && last.Value < previous.Value ? last.Value : last.Value - previous.Value;
        if (isRate)
        {
            result /= interval / 1000.0;
        }
        return true;
    }

    public static double Resets(ReadOnlySpan<Sample> s)
    {
        int resets = 0;
        for (int i = 1; i < s.Length; i++)
        {
            if (s[i].Value < s[i - 1].Value)
            {
                resets++;
            }
        }
        return resets;
    }

    public static double Changes(ReadOnlySpan<Sample> s)
    {
        int changes = 0;
        for (int i = 1; i < s.Length; i++)
        {
            double prev = s[i - 1].Value, cur = s[i].Value;
            if (cur != prev && !(double.IsNaN(cur) && double.IsNaN(prev)))
            {
                changes++;
            }
        }
        return changes;
    }

    /// <summary>Least-squares slope and intercept at <paramref name="interceptTime"/> (Kahan-compensated sums).</summary>
    public static (double Slope, double Intercept) LinearRegression(ReadOnlySpan<Sample> s, long interceptTime)
    {
        double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        double initY = s[0].Value;
        bool constY = true;
        for (int i = 0; i < s.Length; i++)
        {
            if (constY && i > 0 && s[i].Value != initY)
            {
                constY = false;
            }
            n++;
            double x = (s[i].TimestampMs - interceptTime) / 1e3;
            (sumX, cX) = Kahan.Inc(x, sumX, cX);
            (sumY, cY) = Kahan.Inc(s[i].Value, sumY, cY);
            (sumXY, cXY) = Kahan.Inc(x * s[i].Value, sumXY, cXY);
            (sumX2, cX2) = Kahan.Inc(x * x, sumX2, cX2);
        }
        if (constY)
        {
            if (double.IsInfinity(initY))
            {
                return (double.NaN, double.NaN);
            }
            return (0, initY);
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - (sumX * sumY / n);
        double varX = sumX2 - (sumX * sumX / n);
        double slope = covXY / varX;
        double intercept = (sumY / n) - (slope * sumX / n);
        return (slope, intercept);
    }

    public static double Sum(ReadOnlySpan<Sample> s)
    {
        double sum = 0, c = 0;
        foreach (var x in s)
        {
            (sum, c) = Kahan.Inc(x.Value, sum, c);
        }
        return double.IsInfinity(sum) ? sum : sum + c;
    }

    public static double Avg(ReadOnlySpan<Sample> s)
    {
        double sum = s[0].Value, count = 1, mean = 0, c = 0;
        bool incremental = false;
        for (int i = 1; i < s.Length; i++)
        {
            double f = s[i].Value;
            count = i + 1;
            if (!incremental)
            {
                var (newSum, newC) = Kahan.Inc(f, sum, c);
                if (!double.IsInfinity(newSum))
                {
                    sum = newSum;
                    c = newC;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }
            double q = (count - 1) / count;
            (mean, c) = Kahan.Inc(f / count, q * mean, q * c);
        }
        return incremental ? mean + c : (sum / count) + (c / count);
    }

    public static double Min(ReadOnlySpan<Sample> s)
    {
        double min = s[0].Value;
        foreach (var x in s)
        {
            if (x.Value < min || double.IsNaN(min))
            {
                min = x.Value;
            }
        }
        return min;
    }

    public static double Max(ReadOnlySpan<Sample> s)
    {
        double max = s[0].Value;
        foreach (var x in s)
        {
            if (x.Value > max || double.IsNaN(max))
            {
                max = x.Value;
            }
        }
        return max;
    }

    public static double Variance(ReadOnlySpan<Sample> s)
    {
        double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
        foreach (var x in s)
        {
            count++;
            double delta = x.Value - (mean + cMean);
            (mean, cMean) = Kahan.Inc(delta / count, mean, cMean);
            (aux, cAux) = Kahan.Inc(delta * (x.Value - (mean + cMean)), aux, cAux);
        }
        return (aux + cAux) / count;
    }

    public static double QuantileOverTime(double q, ReadOnlySpan<Sample> s)
    {
        var values = new List<double>(s.Length);
        foreach (var x in s)
        {
            values.Add(x.Value);
        }
        return PromQlEvaluator.Quantile(q, values);
    }

    public static double MadOverTime(ReadOnlySpan<Sample> s)
    {
        foreach (var x in s)
        {
            if (double.IsNaN(x.Value))
            {
                return double.NaN;
            }
        }
        var values = new List<double>(s.Length);
        foreach (var x in s)
        {
            values.Add(x.Value);
        }
        double median = PromQlEvaluator.Quantile(0.5, values);
        var deviations = new List<double>(s.Length);
        foreach (var x in s)
        {
            deviations.Add(Math.Abs(x.Value - median));
        }
        return PromQlEvaluator.Quantile(0.5, deviations);
    }
}
