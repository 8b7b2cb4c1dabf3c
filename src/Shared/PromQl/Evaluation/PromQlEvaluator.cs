using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// Evaluates parsed PromQL over an <see cref="ISeriesSource"/> with Prometheus 3.x semantics:
/// left-open ranges <c>(t-range, t]</c> and lookback <c>(t-5m, t]</c>. Expressions are checked by
/// <see cref="SupportCheck"/> first, so anything unsupported fails before evaluation.
/// </summary>
public sealed partial class PromQlEvaluator
{
    private readonly ISeriesSource _source;
    private readonly EvaluatorOptions _options;

    public PromQlEvaluator(ISeriesSource source, EvaluatorOptions? options = null)
    {
        _source = source;
        _options = options ?? new EvaluatorOptions();
    }

    /// <summary>Evaluates an instant query at <paramref name="timeMs"/>; vector labels are final.</summary>
    public PromValue Evaluate(Expr expr, long timeMs)
    {
        SupportCheck.Check(expr);
        var ctx = new EvalContext(timeMs, timeMs, timeMs, 0);
        return Materialize(Eval(expr, ctx));
    }

    /// <summary>Evaluates a range query: one instant evaluation per step, gathered per series.</summary>
    public List<RangeSeries> EvaluateRange(Expr expr, long startMs, long endMs, long stepMs)
    {
        SupportCheck.Check(expr);
        var series = new Dictionary<LabelSet, List<Sample>>();
        var order = new List<LabelSet>();
        for (long t = startMs; t <= endMs; t += stepMs)
        {
            var ctx = new EvalContext(t, startMs, endMs, stepMs);
            switch (Materialize(Eval(expr, ctx)))
            {
                case ScalarValue s:
                    Append(series, order, LabelSet.Empty, new Sample(t, s.Value));
                    break;
                case VectorValue v:
                    foreach (var e in v.Samples)
                    {
                        Append(series, order, e.Labels, new Sample(t, e.Value));
                    }
                    break;
                default:
                    throw new PromQlEvaluationException("range queries support only scalar and instant vector expressions");
            }
        }
        var result = new List<RangeSeries>(order.Count);
        foreach (var labels in order)
        {
            result.Add(new RangeSeries(labels, series[labels].ToArray()));
        }
        return result;
    }

    private static void Append(Dictionary<LabelSet, List<Sample>> series, List<LabelSet> order, LabelSet labels, Sample sample)
    {
        if (!series.TryGetValue(labels, out var list))
        {
            list = [];
            series.Add(labels, list);
            order.Add(labels);
        }
        list.Add(sample);
    }

    private static PromValue Materialize(PromValue value)
    {
        if (value is VectorValue v)
        {
            var samples = v.Samples;
            for (int i = 0; i < samples.Count; i++)
            {
                if (samples[i].DropName)
                {
                    samples[i] = samples[i] with { Labels = samples[i].EffectiveLabels, DropName = false };
                }
            }
        }
        return value;
    }

    /// <summary>Time of this step, and the query's start/end (for <c>@ start()</c>/<c>@ end()</c>).</summary>
    private readonly record struct EvalContext(long Time, long QueryStart, long QueryEnd, long Step);

    private PromValue Eval(Expr expr, EvalContext ctx)
    {
        switch (expr)
        {
            case NumberLiteral n:
                return new ScalarValue(n.Value);
            case StringLiteral s:
                return new StringValue(s.Value);
            case ParenExpr p:
                return Eval(p.Inner, ctx);
            case UnaryExpr u:
                return EvalUnary(u, ctx);
            case VectorSelector vs:
                return SelectInstant(vs, ctx, keepSampleTime: false);
            case MatrixSelector ms:
                return SelectRange(ms, ctx);
            case SubqueryExpr sq:
                return EvalSubquery(sq, ctx);
            case AggregateExpr agg:
                return EvalAggregate(agg, ctx);
            case BinaryExpr b:
                return EvalBinary(b, ctx);
            case Call call:
                return EvalCall(call, ctx);
            default:
                throw new PromQlEvaluationException("not supported: " + expr.GetType().Name);
        }
    }

    private PromValue EvalUnary(UnaryExpr u, EvalContext ctx)
    {
        var inner = Eval(u.Inner, ctx);
        if (!u.Negate)
        {
            return inner;
        }
        if (inner is ScalarValue s)
        {
            return new ScalarValue(-s.Value);
        }
        var v = (VectorValue)inner;
        var output = new List<VectorSample>(v.Samples.Count);
        foreach (var e in v.Samples)
        {
            output.Add(e with { Value = -e.Value, DropName = true });
        }
        return CheckUnique(new VectorValue(output));
    }

    private static long ReferenceTime(AtModifier at, long atMs, long offsetMs, EvalContext ctx)
    {
        long t = at switch
        {
            AtModifier.Timestamp => atMs,
            AtModifier.Start => ctx.QueryStart,
            AtModifier.End => ctx.QueryEnd,
            _ => ctx.Time,
        };
        return t - offsetMs;
    }

    private VectorValue SelectInstant(VectorSelector vs, EvalContext ctx, bool keepSampleTime)
    {
        long t = ReferenceTime(vs.At, vs.AtMs, vs.OffsetMs, ctx);
        var selected = _source.Select(vs.Matchers, t - _options.LookbackMs + 1, t);
        var output = new List<VectorSample>(selected.Count);
        foreach (var series in selected)
        {
            var samples = series.Samples.Span;
            if (samples.Length == 0)
            {
                continue;
            }
            var last = samples[^1];
            if (last.TimestampMs > t || StaleMarker.IsStale(last.Value))
            {
                continue;
            }
            output.Add(new VectorSample(series.Labels, last.Value, keepSampleTime ? last.TimestampMs : ctx.Time));
        }
        return new VectorValue(output);
    }

    private MatrixValue SelectRange(MatrixSelector ms, EvalContext ctx)
    {
        var vs = ms.Selector;
        long t = ReferenceTime(vs.At, vs.AtMs, vs.OffsetMs, ctx);
        var selected = _source.Select(vs.Matchers, t - ms.RangeMs + 1, t);
        var output = new List<RangeSeries>(selected.Count);
        foreach (var series in selected)
        {
            if (series.Samples.Length > 0)
            {
                output.Add(new RangeSeries(series.Labels, series.Samples));
            }
        }
        return new MatrixValue(output, t, ms.RangeMs) { EvalTimeMs = ctx.Time };
    }

    private MatrixValue EvalSubquery(SubqueryExpr sq, EvalContext ctx)
    {
        long reference = sq.At switch
        {
            AtModifier.Timestamp => sq.AtMs,
            AtModifier.Start => ctx.QueryStart,
            AtModifier.End => ctx.QueryEnd,
            _ => ctx.Time,
        };
        long end = reference - sq.OffsetMs;
        long step = sq.StepMs > 0 ? sq.StepMs : _options.DefaultSubqueryStepMs;
        long startBound = reference - sq.OffsetMs - sq.RangeMs;
        long start = step * (startBound / step);
        if (start <= startBound)
        {
            start += step;
        }
        var series = new Dictionary<LabelSet, List<Sample>>();
        var order = new List<LabelSet>();
        for (long t = start; t <= end; t += step)
        {
            var inner = new EvalContext(t, ctx.QueryStart, ctx.QueryEnd, step);
            switch (Eval(sq.Inner, inner))
            {
                case VectorValue v:
                    foreach (var e in v.Samples)
                    {
                        Append(series, order, e.EffectiveLabels, new Sample(t, e.Value));
                    }
                    break;
                case ScalarValue s:
                    Append(series, order, LabelSet.Empty, new Sample(t, s.Value));
                    break;
            }
        }
        var output = new List<RangeSeries>(order.Count);
        foreach (var labels in order)
        {
            output.Add(new RangeSeries(labels, series[labels].ToArray()));
        }
        return new MatrixValue(output, end, sq.RangeMs) { EvalTimeMs = ctx.Time };
    }

    /// <summary>Prometheus fails a step whose vector holds one label set twice (after name removal).</summary>
    private static VectorValue CheckUnique(VectorValue v)
    {
        var samples = v.Samples;
        if (samples.Count < 2)
        {
            return v;
        }
        bool anyDrop = false;
        bool allDropSameName = true;
        string? name = null;
        foreach (var s in samples)
        {
            anyDrop |= s.DropName;
            if (allDropSameName)
            {
                var n = s.Labels.MetricName;
                allDropSameName = s.DropName && (name is null || n == name);
                name = n;
            }
        }
        // Note: distinct series that all lose the same name stay distinct, so the common
        // `f(metric[range])` case needs no hashing.
        if (!anyDrop || allDropSameName)
        {
            return v;
        }
        var seen = new HashSet<ulong>();
        foreach (var s in samples)
        {
            ulong h = s.DropName ? s.Labels.HashWithout(Label.MetricName) : s.Labels.StableHash;
            if (!seen.Add(h))
            {
                throw new PromQlEvaluationException("vector cannot contain metrics with the same labelset");
            }
        }
        return v;
    }
}
