using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Function calls: dispatch by name to range, element-wise and special functions.</summary>
public sealed partial class PromQlEvaluator
{
    private PromValue EvalCall(Call call, EvalContext ctx)
    {
        var name = call.Function.Name;
        var args = call.Args;
        switch (name)
        {
            case "time":
                return new ScalarValue(ctx.Time / 1000.0);
            case "pi":
                return new ScalarValue(Math.PI);
            case "vector":
                return new VectorValue([new VectorSample(LabelSet.Empty, ScalarArg(args[0], ctx), ctx.Time)]);
            case "scalar":
                var sv = (VectorValue)Eval(args[0], ctx);
                return new ScalarValue(sv.Samples.Count == 1 ? sv.Samples[0].Value : double.NaN);
            case "timestamp":
                return Timestamp(args[0], ctx);
            case "absent":
                var av = (VectorValue)Eval(args[0], ctx);
                return av.Samples.Count > 0 ? new VectorValue([]) : new VectorValue([new VectorSample(AbsentLabels(args[0]), 1, ctx.Time)]);
            case "absent_over_time":
                var am = (MatrixValue)Eval(args[0], ctx);
                foreach (var series in am.Series)
                {
                    if (RangeFunctions.NonStale(series.Samples).Length > 0)
                    {
                        return new VectorValue([]);
                    }
                }
                return new VectorValue([new VectorSample(AbsentLabels(args[0]), 1, ctx.Time)]);
            case "sort" or "sort_desc":
                var sorted = (VectorValue)Eval(args[0], ctx);
                bool desc = name == "sort_desc";
                // Note: NaN sorts last either way, as in Prometheus.
                sorted.Samples.Sort((a, b) => desc ? CompareNaNLast(-a.Value, -b.Value) : CompareNaNLast(a.Value, b.Value));
                return sorted;
            case "label_replace":
                return LabelFunctions.Replace((VectorValue)Eval(args[0], ctx), StringArg(args[1]), StringArg(args[2]), StringArg(args[3]), StringArg(args[4]));
            case "label_join":
                var sources = new List<string>();
                for (int i = 3; i < args.Count; i++)
                {
                    sources.Add(StringArg(args[i]));
                }
                return LabelFunctions.Join((VectorValue)Eval(args[0], ctx), StringArg(args[1]), StringArg(args[2]), sources);
            case "histogram_quantile":
                double q = ScalarArg(args[0], ctx);
                var buckets = (VectorValue)Eval(args[1], ctx);
                return CheckUnique(new VectorValue(HistogramQuantile.Evaluate(q, buckets.Samples, ctx.Time)));
            case "clamp":
                return Clamp((VectorValue)Eval(args[0], ctx), ScalarArg(args[1], ctx), ScalarArg(args[2], ctx));
            case "clamp_min":
                return Clamp((VectorValue)Eval(args[0], ctx), ScalarArg(args[1], ctx), double.PositiveInfinity);
            case "clamp_max":
                return Clamp((VectorValue)Eval(args[0], ctx), double.NegativeInfinity, ScalarArg(args[1], ctx));
            case "round":
                double toNearest = args.Count > 1 ? ScalarArg(args[1], ctx) : 1;
                double inverse = 1.0 / toNearest;
                return MapValues((VectorValue)Eval(args[0], ctx), v => Math.Floor((v * inverse) + 0.5) / inverse);
        }
        if (DateFunctions.TryGet(name, out var date))
        {
            var dv = args.Count == 0
                ? new VectorValue([new VectorSample(LabelSet.Empty, ctx.Time / 1000.0, ctx.Time)])
                : (VectorValue)Eval(args[0], ctx);
            return MapValues(dv, v => double.IsNaN(v) || double.IsInfinity(v) ? double.NaN : date(DateTimeOffset.FromUnixTimeMilliseconds((long)(v * 1000)).UtcDateTime));
        }
        if (MathFunctions.TryGet(name, out var math))
        {
            return MapValues((VectorValue)Eval(args[0], ctx), math);
        }
        return EvalRangeFunction(call, ctx);
    }

    private PromValue EvalRangeFunction(Call call, EvalContext ctx)
    {
        var name = call.Function.Name;
        double scalar = 0;
        int matrixArg = 0;
        if (name is "quantile_over_time")
        {
            scalar = ScalarArg(call.Args[0], ctx);
            matrixArg = 1;
        }
        else if (name is "predict_linear")
        {
            scalar = ScalarArg(call.Args[1], ctx);
        }
        var m = (MatrixValue)Eval(call.Args[matrixArg], ctx);
        bool keepName = name is "last_over_time" or "first_over_time";
        var output = new List<VectorSample>(m.Series.Count);
        foreach (var series in m.Series)
        {
            var s = RangeFunctions.NonStale(series.Samples);
            if (s.Length == 0)
            {
                continue;
            }
            double value;
            bool ok = true;
            switch (name)
            {
                case "rate": ok = RangeFunctions.ExtrapolatedRate(s, m.RangeEndMs, m.RangeMs, true, true, out value); break;
                case "increase": ok = RangeFunctions.ExtrapolatedRate(s, m.RangeEndMs, m.RangeMs, true, false, out value); break;
                case "delta": ok = RangeFunctions.ExtrapolatedRate(s, m.RangeEndMs, m.RangeMs, false, false, out value); break;
                case "irate": ok = RangeFunctions.InstantValue(s, true, out value); break;
                case "idelta": ok = RangeFunctions.InstantValue(s, false, out value); break;
                case "resets": value = RangeFunctions.Resets(s); break;
                case "changes": value = RangeFunctions.Changes(s); break;
                case "deriv":
                    ok = s.Length >= 2;
                    value = ok ? RangeFunctions.LinearRegression(s, s[0].TimestampMs).Slope : 0;
                    break;
                case "predict_linear":
                    ok = s.Length >= 2;
                    value = 0;
                    if (ok)
                    {
                        var (slope, intercept) = RangeFunctions.LinearRegression(s, m.EvalTimeMs);
                        value = (slope * scalar) + intercept;
                    }
                    break;
                case "avg_over_time": value = RangeFunctions.Avg(s); break;
                case "sum_over_time": value = RangeFunctions.Sum(s); break;
                case "min_over_time": value = RangeFunctions.Min(s); break;
                case "max_over_time": value = RangeFunctions.Max(s); break;
                case "count_over_time": value = s.Length; break;
                case "last_over_time": value = s[^1].Value; break;
                case "first_over_time": value = s[0].Value; break;
                case "present_over_time": value = 1; break;
                case "stddev_over_time": value = Math.Sqrt(RangeFunctions.Variance(s)); break;
                case "stdvar_over_time": value = RangeFunctions.Variance(s); break;
                case "mad_over_time": value = RangeFunctions.MadOverTime(s); break;
                case "quantile_over_time": value = RangeFunctions.QuantileOverTime(scalar, s); break;
                default: throw new PromQlEvaluationException("not supported: " + name);
            }
            if (ok)
            {
                output.Add(new VectorSample(series.Labels, value, ctx.Time, series.DropName || !keepName));
            }
        }
        return keepName ? new VectorValue(output) : CheckUnique(new VectorValue(output));
    }

    private double ScalarArg(Expr arg, EvalContext ctx) => Eval(arg, ctx) switch
    {
        ScalarValue s => s.Value,
        _ => throw new PromQlEvaluationException("expected a scalar argument: " + arg),
    };

    private static string StringArg(Expr arg) => arg switch
    {
        StringLiteral s => s.Value,
        ParenExpr p => StringArg(p.Inner),
        _ => throw new PromQlEvaluationException("expected a string literal argument: " + arg),
    };

    private PromValue Timestamp(Expr arg, EvalContext ctx)
    {
        var inner = arg;
        while (inner is ParenExpr p)
        {
            inner = p.Inner;
        }
        var v = inner is VectorSelector vs ? SelectInstant(vs, ctx, keepSampleTime: true) : (VectorValue)Eval(arg, ctx);
        var output = new List<VectorSample>(v.Samples.Count);
        foreach (var e in v.Samples)
        {
            output.Add(e with { Value = e.TimestampMs / 1000.0, DropName = true, TimestampMs = ctx.Time });
        }
        return CheckUnique(new VectorValue(output));
    }

    private static LabelSet AbsentLabels(Expr arg)
    {
        var selector = arg switch
        {
            VectorSelector vs => vs,
            MatrixSelector ms => ms.Selector,
            _ => null,
        };
        if (selector is null)
        {
            return LabelSet.Empty;
        }
        var result = new Dictionary<string, string?>();
        foreach (var m in selector.Matchers)
        {
            if (m.Name == Label.MetricName)
            {
                continue;
            }
            if (m.Type == LabelMatchType.Equal && !result.ContainsKey(m.Name))
            {
                result[m.Name] = m.Value;
            }
            else
            {
                result[m.Name] = null;
            }
        }
        var labels = new List<Label>();
        foreach (var (k, v) in result)
        {
            if (!string.IsNullOrEmpty(v))
            {
                labels.Add(new Label(k, v));
            }
        }
        return LabelSet.From(labels);
    }

    private static VectorValue Clamp(VectorValue v, double min, double max)
    {
        if (max < min)
        {
            return new VectorValue([]);
        }
        return MapValues(v, x => Math.Max(min, Math.Min(max, x)));
    }

    private static VectorValue MapValues(VectorValue v, Func<double, double> f)
    {
        var output = new List<VectorSample>(v.Samples.Count);
        foreach (var e in v.Samples)
        {
            output.Add(e with { Value = f(e.Value), DropName = true });
        }
        return CheckUnique(new VectorValue(output));
    }
}
