using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.Rules;

/// <summary>
/// How far into the past rule groups read, so a store keeps sample windows only as long, and only
/// for the series, that the rules need: ranges (<c>x[1m]</c>), subqueries and offsets reach back;
/// a plain instant selector needs only the latest sample, which every series keeps anyway.
/// </summary>
public static class RuleReach
{
    /// <summary>
    /// The longest reach in milliseconds of any rule (0 when every selector is a plain instant one);
    /// <see cref="long.MaxValue"/> for an <c>@</c> modifier, which may point anywhere.
    /// </summary>
    public static long LongestMs(IEnumerable<RuleGroupDefinition> groups, TimeSpan lookback)
    {
        long longest = 0;
        foreach (var group in groups)
        {
            foreach (var rule in group.Rules)
            {
                longest = Math.Max(longest, ReachMs(rule.Expression, (long)lookback.TotalMilliseconds));
            }
        }
        return longest;
    }

    /// <summary>A test of whether a series is one some rule selector reads.</summary>
    public static Func<LabelSet, bool> ReadBy(IEnumerable<RuleGroupDefinition> groups)
    {
        var selectors = groups.SelectMany(g => g.Rules).SelectMany(r => RuleSelectors.SelectorsOf(r.Expression)).ToArray();
        return labels =>
        {
            foreach (var selector in selectors)
            {
                if (selector.Matchers.All(m => m.Matches(labels)))
                {
                    return true;
                }
            }
            return false;
        };
    }

    private static long ReachMs(Expr expr, long lookbackMs)
    {
        switch (expr)
        {
            case VectorSelector vs:
                // Note: an offset reads the sample current at t − offset, found within the lookback before it.
                return vs.At != AtModifier.None ? long.MaxValue : vs.OffsetMs > 0 ? vs.OffsetMs + lookbackMs : 0;
            case MatrixSelector ms:
                return ms.Selector.At != AtModifier.None ? long.MaxValue : ms.RangeMs + Math.Max(0, ms.Selector.OffsetMs);
            case SubqueryExpr sq:
                long inner = ReachMs(sq.Inner, lookbackMs);
                return sq.At != AtModifier.None || inner == long.MaxValue ? long.MaxValue : sq.RangeMs + Math.Max(0, sq.OffsetMs) + Math.Max(inner, lookbackMs);
        }
        long longest = 0;
        foreach (var child in RuleSelectors.ChildrenOf(expr))
        {
            longest = Math.Max(longest, ReachMs(child, lookbackMs));
        }
        return longest;
    }
}
