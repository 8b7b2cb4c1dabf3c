using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Binary operators: scalar/scalar, vector/scalar, vector/vector with matching, set operators.</summary>
public sealed partial class PromQlEvaluator
{
    private PromValue EvalBinary(BinaryExpr b, EvalContext ctx)
    {
        var lhs = Eval(b.Lhs, ctx);
        var rhs = Eval(b.Rhs, ctx);
        if (lhs is ScalarValue ls && rhs is ScalarValue rs)
        {
            var (value, keep) = Apply(b.Op, ls.Value, rs.Value);
            return new ScalarValue(b.Op.IsComparison() ? (keep ? 1 : 0) : value);
        }
        if (lhs is VectorValue lv && rhs is ScalarValue rsc)
        {
            return VectorScalar(b, lv, rsc.Value, scalarOnLeft: false);
        }
        if (lhs is ScalarValue lsc && rhs is VectorValue rv)
        {
            return VectorScalar(b, rv, lsc.Value, scalarOnLeft: true);
        }
        var l = (VectorValue)lhs;
        var r = (VectorValue)rhs;
        var matching = b.Matching ?? new VectorMatching();
        return b.Op switch
        {
            BinaryOp.And => SetAnd(l, r, matching, unless: false),
            BinaryOp.Unless => SetAnd(l, r, matching, unless: true),
            BinaryOp.Or => SetOr(l, r, matching),
            _ => VectorVector(b, l, r, matching),
        };
    }

    /// <summary>Prometheus's vectorElemBinop: the value and, for comparisons, whether to keep it.</summary>
    internal static (double Value, bool Keep) Apply(BinaryOp op, double l, double r) => op switch
    {
        BinaryOp.Add => (l + r, true),
        BinaryOp.Sub => (l - r, true),
        BinaryOp.Mul => (l * r, true),
        BinaryOp.Div => (l / r, true),
        BinaryOp.Pow => (Math.Pow(l, r), true),
        BinaryOp.Mod => (GoMod(l, r), true),
        BinaryOp.Atan2 => (Math.Atan2(l, r), true),
        BinaryOp.Eql => (l, l == r),
        BinaryOp.Neq => (l, l != r),
        BinaryOp.Gtr => (l, l > r),
        BinaryOp.Lss => (l, l < r),
        BinaryOp.Gte => (l, l >= r),
        BinaryOp.Lte => (l, l <= r),
        _ => throw new PromQlEvaluationException("operator " + op.Text() + " not allowed here"),
    };

    /// <summary>Go's math.Mod: the sign follows the dividend (as C#'s %, but NaN for Inf/0 cases too).</summary>
    private static double GoMod(double l, double r) => l % r;

    private static bool DropsName(BinaryExpr b) => !b.Op.IsComparison() || b.ReturnBool;

    private static VectorValue VectorScalar(BinaryExpr b, VectorValue v, double scalar, bool scalarOnLeft)
    {
        var output = new List<VectorSample>(v.Samples.Count);
        bool drop = DropsName(b);
        foreach (var e in v.Samples)
        {
            var (value, keep) = scalarOnLeft ? Apply(b.Op, scalar, e.Value) : Apply(b.Op, e.Value, scalar);
            if (b.Op.IsComparison() && scalarOnLeft)
            {
                // Note: a comparison keeps the vector's value even when the scalar is on the left.
                value = e.Value;
            }
            if (b.ReturnBool)
            {
                value = keep ? 1 : 0;
            }
            else if (!keep)
            {
                continue;
            }
            output.Add(e with { Value = value, DropName = e.DropName || drop });
        }
        return drop ? CheckUnique(new VectorValue(output)) : new VectorValue(output);
    }

    private static ulong Signature(in VectorSample s, VectorMatching m, string[] names) =>
        m.On ? GroupingKey.Of(s, names) : GroupingKey.Without(s, names);

    private static VectorValue VectorVector(BinaryExpr b, VectorValue lhs, VectorValue rhs, VectorMatching matching)
    {
        var names = SortedNames(matching.MatchingLabels);
        bool swap = matching.Card == VectorMatchCardinality.OneToMany;
        var one = swap ? lhs : rhs;
        var many = swap ? rhs : lhs;
        var oneSide = new Dictionary<ulong, VectorSample>(one.Samples.Count);
        foreach (var s in one.Samples)
        {
            ulong sig = Signature(s, matching, names);
            if (!oneSide.TryAdd(sig, s))
            {
                var other = oneSide[sig];
                string side = swap ? "left" : "right";
                var group = GroupingKey.Labels(s, names, !matching.On);
                // Note: Prometheus 3.x lists the first series then the duplicate (2.42 listed them reversed).
                throw new PromQlEvaluationException(
                    $"found duplicate series for the match group {group} on the {side} hand-side of the operation: [{other.EffectiveLabels}, {s.EffectiveLabels}];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        var matchedOneToOne = new HashSet<ulong>();
        var inserted = new Dictionary<ulong, HashSet<ulong>>();
        var output = new List<VectorSample>();
        bool drop = DropsName(b);
        foreach (var s in many.Samples)
        {
            ulong sig = Signature(s, matching, names);
            if (!oneSide.TryGetValue(sig, out var match))
            {
                continue;
            }
            // Note: checked before any comparison filters the pair out, as Prometheus does.
            if (matching.Card == VectorMatchCardinality.OneToOne && !matchedOneToOne.Add(sig))
            {
                throw new PromQlEvaluationException("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
            double lv = swap ? match.Value : s.Value;
            double rv = swap ? s.Value : match.Value;
            var (value, keep) = Apply(b.Op, lv, rv);
            if (b.ReturnBool)
            {
                value = keep ? 1 : 0;
            }
            else if (!keep)
            {
                continue;
            }
            var metric = ResultMetric(s, match, matching, drop);
            if (matching.Card != VectorMatchCardinality.OneToOne)
            {
                if (!inserted.TryGetValue(sig, out var set))
                {
                    set = [];
                    inserted.Add(sig, set);
                }
                if (!set.Add(metric.Hash))
                {
                    throw new PromQlEvaluationException("multiple matches for labels: grouping labels must ensure unique matches");
                }
            }
            output.Add(new VectorSample(metric, value, s.TimestampMs));
        }
        return new VectorValue(output);
    }

    private static LabelSet ResultMetric(in VectorSample many, in VectorSample one, VectorMatching matching, bool dropName)
    {
        var labels = many.EffectiveLabels;
        if (dropName)
        {
            labels = labels.Without(Label.MetricName);
        }
        if (matching.Card == VectorMatchCardinality.OneToOne)
        {
            if (matching.On)
            {
                var kept = new List<Label>();
                foreach (var l in labels.AsSpan())
                {
                    if (matching.MatchingLabels.Contains(l.Name))
                    {
                        kept.Add(l);
                    }
                }
                labels = LabelSet.From(kept);
            }
            else
            {
                foreach (var name in matching.MatchingLabels)
                {
                    labels = labels.Without(name);
                }
            }
        }
        foreach (var name in matching.Include)
        {
            var value = one.Get(name);
            labels = value.Length > 0 ? labels.With(name, value) : labels.Without(name);
        }
        return labels;
    }

    private static VectorValue SetAnd(VectorValue lhs, VectorValue rhs, VectorMatching matching, bool unless)
    {
        var names = SortedNames(matching.MatchingLabels);
        var right = new HashSet<ulong>();
        foreach (var s in rhs.Samples)
        {
            right.Add(Signature(s, matching, names));
        }
        var output = new List<VectorSample>();
        foreach (var s in lhs.Samples)
        {
            if (right.Contains(Signature(s, matching, names)) != unless)
            {
                output.Add(s);
            }
        }
        return new VectorValue(output);
    }

    private static VectorValue SetOr(VectorValue lhs, VectorValue rhs, VectorMatching matching)
    {
        var names = SortedNames(matching.MatchingLabels);
        var left = new HashSet<ulong>();
        var output = new List<VectorSample>(lhs.Samples.Count + rhs.Samples.Count);
        foreach (var s in lhs.Samples)
        {
            left.Add(Signature(s, matching, names));
            output.Add(s);
        }
        foreach (var s in rhs.Samples)
        {
            if (!left.Contains(Signature(s, matching, names)))
            {
                output.Add(s);
            }
        }
        return new VectorValue(output);
    }

    private static string[] SortedNames(IReadOnlyList<string> names)
    {
        var array = names.Distinct().ToArray();
        Array.Sort(array, CodePointOrder.Compare);
        return array;
    }
}
