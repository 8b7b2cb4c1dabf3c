using System.Globalization;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Aggregation operators, grouped by a hash of the grouping labels.</summary>
public sealed partial class PromQlEvaluator
{
    private sealed class Group
    {
        public VectorSample First;
        public double Value;
        public double KahanC;
        public double Mean;
        public double Count;
        public bool IncrementalMean;
        public List<double>? Values;
    }

    private PromValue EvalAggregate(AggregateExpr agg, EvalContext ctx)
    {
        var names = SortedNames(agg.Grouping);
        // Note: the fused path reads the series itself, so the inner vector is only built without it.
        if (TryFusedAggregate(agg, ctx, names) is { } fused)
        {
            return fused;
        }
        var input = (VectorValue)Eval(agg.Inner, ctx);
        double param = 0;
        string? labelParam = null;
        if (agg.Param is { } p)
        {
            switch (Eval(p, ctx))
            {
                case ScalarValue s:
                    param = s.Value;
                    break;
                case StringValue str:
                    labelParam = str.Value;
                    break;
            }
        }
        return agg.Op switch
        {
            AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Limitk => AggregateK(agg, input, names, param),
            AggregateOp.CountValues => CountValues(agg, input, names, labelParam!),
            _ => AggregateSimple(agg, input, names, param),
        };
    }

    private static VectorValue AggregateSimple(AggregateExpr agg, VectorValue input, string[] names, double q)
    {
        var groups = new Dictionary<ulong, Group>();
        var order = new List<Group>();
        var op = agg.Op;
        var hasher = new GroupKeyHasher(names, agg.Without);
        foreach (var s in input.Samples)
        {
            ulong key = hasher.Of(s);
            double f = s.Value;
            if (!groups.TryGetValue(key, out var g))
            {
                g = new Group { First = s, Value = f, Mean = f, Count = 1 };
                switch (op)
                {
                    case AggregateOp.Stddev or AggregateOp.Stdvar:
                        g.Value = double.IsNaN(f) || double.IsInfinity(f) ? double.NaN : 0;
                        break;
                    case AggregateOp.Quantile:
                        g.Values = [f];
                        break;
                    case AggregateOp.Group:
                        g.Value = 1;
                        break;
                }
                groups.Add(key, g);
                order.Add(g);
                continue;
            }
            Fold(op, g, f);
        }
        var output = new List<VectorSample>(order.Count);
        foreach (var g in order)
        {
            double value = Finish(op, g, q);
            output.Add(new VectorSample(GroupingKey.Labels(g.First, names, agg.Without), value, g.First.TimestampMs));
        }
        return new VectorValue(output);
    }

    private static void Fold(AggregateOp op, Group g, double f)
    {
        switch (op)
        {
            case AggregateOp.Sum:
                (g.Value, g.KahanC) = Kahan.Inc(f, g.Value, g.KahanC);
                break;
            case AggregateOp.Avg:
                g.Count++;
                if (!g.IncrementalMean)
                {
                    var (newV, newC) = Kahan.Inc(f, g.Value, g.KahanC);
                    if (!double.IsInfinity(newV))
                    {
                        g.Value = newV;
                        g.KahanC = newC;
                        break;
                    }
                    g.IncrementalMean = true;
                    g.Mean = g.Value / (g.Count - 1);
                    g.KahanC /= g.Count - 1;
                }
                double ratio = (g.Count - 1) / g.Count;
                (g.Mean, g.KahanC) = Kahan.Inc(f / g.Count, ratio * g.Mean, ratio * g.KahanC);
                break;
            case AggregateOp.Max:
                if (g.Value < f || double.IsNaN(g.Value))
                {
                    g.Value = f;
                }
                break;
            case AggregateOp.Min:
                if (g.Value > f || double.IsNaN(g.Value))
                {
                    g.Value = f;
                }
                break;
            case AggregateOp.Count:
                g.Count++;
                break;
            case AggregateOp.Stddev or AggregateOp.Stdvar:
                g.Count++;
                double delta = f - g.Mean;
                g.Mean += delta / g.Count;
                g.Value += delta * (f - g.Mean);
                break;
            case AggregateOp.Quantile:
                g.Values!.Add(f);
                break;
        }
    }

    private static double Finish(AggregateOp op, Group g, double q) => op switch
    {
        AggregateOp.Sum => double.IsInfinity(g.Value) ? g.Value : g.Value + g.KahanC,
        AggregateOp.Avg => g.IncrementalMean ? g.Mean + g.KahanC : (g.Value / g.Count) + (g.KahanC / g.Count),
        AggregateOp.Count => g.Count,
        AggregateOp.Stdvar => g.Value / g.Count,
        AggregateOp.Stddev => Math.Sqrt(g.Value / g.Count),
        AggregateOp.Quantile => Quantile(q, g.Values!),
        _ => g.Value,
    };

    /// <summary>Prometheus's quantile: linear interpolation between closest ranks (φ·(n−1)).</summary>
    internal static double Quantile(double q, List<double> values)
    {
        if (values.Count == 0 || double.IsNaN(q))
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
        values.Sort(CompareNaNFirst);
        double n = values.Count;
        double rank = q * (n - 1);
        double lower = Math.Max(0, Math.Floor(rank));
        double upper = Math.Min(n - 1, lower + 1);
        double weight = rank - Math.Floor(rank);
        return (values[(int)lower] * (1 - weight)) + (values[(int)upper] * weight);
    }

    /// <summary>Go's sort order for samples by value: NaN sorts first.</summary>
    private static int CompareNaNFirst(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : -1;
        }
        if (double.IsNaN(b))
        {
            return 1;
        }
        return a.CompareTo(b);
    }

    private static VectorValue AggregateK(AggregateExpr agg, VectorValue input, string[] names, double param)
    {
        if (double.IsNaN(param))
        {
            throw new PromQlEvaluationException("Parameter value is NaN for " + AggregateExpr.Name(agg.Op));
        }
        long k = param >= long.MaxValue ? long.MaxValue : (long)param;
        k = Math.Min(k, input.Samples.Count);
        if (k < 1)
        {
            return new VectorValue([]);
        }
        var groups = new Dictionary<ulong, List<VectorSample>>();
        var order = new List<List<VectorSample>>();
        var hasher = new GroupKeyHasher(names, agg.Without);
        foreach (var s in input.Samples)
        {
            ulong key = hasher.Of(s);
            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups.Add(key, list);
                order.Add(list);
            }
            list.Add(s);
        }
        var output = new List<VectorSample>();
        foreach (var list in order)
        {
            if (agg.Op == AggregateOp.Topk)
            {
                // Note: NaN ranks below every number for topk and above every number for bottomk.
                list.Sort((a, b) => -CompareNaNFirst(a.Value, b.Value));
            }
            else if (agg.Op == AggregateOp.Bottomk)
            {
                list.Sort((a, b) => CompareNaNLast(a.Value, b.Value));
            }
            for (int i = 0; i < list.Count && i < k; i++)
            {
                output.Add(list[i]);
            }
        }
        return new VectorValue(output);
    }

    private static int CompareNaNLast(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : 1;
        }
        if (double.IsNaN(b))
        {
            return -1;
        }
        return a.CompareTo(b);
    }

    private static VectorValue CountValues(AggregateExpr agg, VectorValue input, string[] names, string label)
    {
        if (!IsValidLabelName(label))
        {
            throw new PromQlEvaluationException("invalid label name " + GoQuote.Quote(label));
        }
        var counts = new Dictionary<LabelSet, int>();
        var order = new List<LabelSet>();
        foreach (var s in input.Samples)
        {
            var groupLabels = GroupingKey.Labels(s, names, agg.Without).With(label, FormatCountValue(s.Value));
            if (counts.TryGetValue(groupLabels, out int c))
            {
                counts[groupLabels] = c + 1;
            }
            else
            {
                counts.Add(groupLabels, 1);
                order.Add(groupLabels);
            }
        }
        var output = new List<VectorSample>(order.Count);
        foreach (var labels in order)
        {
            output.Add(new VectorSample(labels, counts[labels], 0));
        }
        return new VectorValue(output);
    }

    /// <summary>Go's strconv.FormatFloat(v, 'f', -1, 64).</summary>
    internal static string FormatCountValue(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }
        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        if (!r.Contains('E'))
        {
            return r;
        }
        return decimal.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && (double)d == v
            ? d.ToString(CultureInfo.InvariantCulture)
            : v.ToString("F0", CultureInfo.InvariantCulture);
    }

    internal static bool IsValidLabelName(string name)
    {
        // Note: Prometheus 3.x accepts any valid UTF-8 label name that is not empty.
        return name.Length > 0 && !name.Contains('\uFFFD');
    }
}
