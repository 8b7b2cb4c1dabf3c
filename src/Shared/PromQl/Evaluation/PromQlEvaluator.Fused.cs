using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// The hot path of job-level rules, <c>sum by (job) (rate(x[1m]))</c>: the range function's value
/// is folded into its group as each series is read, so no per-series vector is materialised.
/// Same semantics as the general path (which it falls back to for anything else).
/// </summary>
public sealed partial class PromQlEvaluator
{
    private VectorValue? TryFusedAggregate(AggregateExpr agg, EvalContext ctx, string[] names)
    {
        if (agg.Op is not (AggregateOp.Sum or AggregateOp.Count or AggregateOp.Max or AggregateOp.Min or AggregateOp.Avg or AggregateOp.Group))
        {
            return null;
        }
        var inner = agg.Inner;
        while (inner is ParenExpr p)
        {
            inner = p.Inner;
        }
        if (inner is not Call { Args: [MatrixSelector ms] } call || call.Function.Name is not ("rate" or "increase" or "delta" or "irate" or "idelta"))
        {
            return null;
        }
        // Note: dropping the name keeps series distinct only when they all share one name.
        if (!HasNameEquality(ms.Selector))
        {
            return null;
        }
        var vs = ms.Selector;
        long rangeEnd = ReferenceTime(vs.At, vs.AtMs, vs.OffsetMs, ctx);
        long rangeMs = ms.RangeMs;
        var function = call.Function.Name switch
        {
            "rate" => FusedFunction.Rate,
            "increase" => FusedFunction.Increase,
            "delta" => FusedFunction.Delta,
            "irate" => FusedFunction.Irate,
            _ => FusedFunction.Idelta,
        };
        var fold = new FusedFold(agg.Op, function, rangeEnd, rangeMs, ctx.Time, new GroupKeyHasher(names, agg.Without));
        _source.Visit(vs.Matchers, rangeEnd - rangeMs + 1, rangeEnd, fold);
        var order = fold.Order;
        var output = new List<VectorSample>(order.Count);
        foreach (var g in order)
        {
            output.Add(new VectorSample(GroupingKey.Labels(g.First, names, agg.Without), Finish(agg.Op, g, 0), ctx.Time));
        }
        return new VectorValue(output);
    }

    /// <summary>Folds each visited series' range-function value into its group.</summary>
    private sealed class FusedFold(AggregateOp op, FusedFunction function, long rangeEnd, long rangeMs, long time, GroupKeyHasher hasher) : ISeriesVisitor
    {
        private readonly Dictionary<ulong, Group> _groups = [];

        public List<Group> Order { get; } = [];

        public void Visit(LabelSet labels, ReadOnlySpan<Sample> samples)
        {
            var s = RangeFunctions.NonStale(samples);
            if (s.Length == 0)
            {
                return;
            }
            double f;
            bool ok = function switch
            {
                FusedFunction.Rate => RangeFunctions.ExtrapolatedRate(s, rangeEnd, rangeMs, true, true, out f),
                FusedFunction.Increase => RangeFunctions.ExtrapolatedRate(s, rangeEnd, rangeMs, true, false, out f),
                FusedFunction.Delta => RangeFunctions.ExtrapolatedRate(s, rangeEnd, rangeMs, false, false, out f),
                FusedFunction.Irate => RangeFunctions.InstantValue(s, true, out f),
                _ => RangeFunctions.InstantValue(s, false, out f),
            };
            if (!ok)
            {
                return;
            }
            ulong key = hasher.Of(labels, dropName: true);
            if (!_groups.TryGetValue(key, out var g))
            {
                g = new Group { First = new VectorSample(labels, f, time, DropName: true), Value = op == AggregateOp.Group ? 1 : f, Mean = f, Count = 1 };
                _groups.Add(key, g);
                Order.Add(g);
                return;
            }
            Fold(op, g, f);
        }
    }

    private enum FusedFunction
    {
        Rate,
        Increase,
        Delta,
        Irate,
        Idelta,
    }

    private static bool HasNameEquality(VectorSelector vs)
    {
        foreach (var m in vs.Matchers)
        {
            if (m.Name == Label.MetricName && m.Type == LabelMatchType.Equal)
            {
                return true;
            }
        }
        return false;
    }
}
