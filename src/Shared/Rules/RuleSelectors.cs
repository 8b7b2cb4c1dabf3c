using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.Rules;

/// <summary>
/// The series selectors rule groups read, for "minimal pull": a source without <c>match</c>
/// pulls only these. Selectors of series the groups record themselves are left out.
/// </summary>
public static class RuleSelectors
{
    /// <summary>Distinct selectors in <c>match[]</c> syntax (<c>{__name__="x",job="a"}</c>), in first-use order.</summary>
    public static IReadOnlyList<string> Extract(IEnumerable<RuleGroupDefinition> groups)
    {
        var list = groups.ToList();
        var recorded = new HashSet<string>(list.SelectMany(g => g.Rules).Select(r => r.Record), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var rule in list.SelectMany(g => g.Rules))
        {
            foreach (var selector in SelectorsOf(rule.Expression))
            {
                if (ReadsRecorded(selector, recorded))
                {
                    continue;
                }
                var text = "{" + string.Join(",", selector.Matchers) + "}";
                if (seen.Add(text))
                {
                    result.Add(text);
                }
            }
        }
        return result;
    }

    /// <summary>Every vector selector in an expression (range selectors included), in order.</summary>
    public static IEnumerable<VectorSelector> SelectorsOf(Expr expr)
    {
        switch (expr)
        {
            case VectorSelector vs:
                yield return vs;
                yield break;
            case MatrixSelector ms:
                yield return ms.Selector;
                yield break;
        }
        foreach (var child in ChildrenOf(expr))
        {
            foreach (var s in SelectorsOf(child))
            {
                yield return s;
            }
        }
    }

    /// <summary>The direct sub-expressions of <paramref name="expr"/> (none for selectors and literals).</summary>
    public static IEnumerable<Expr> ChildrenOf(Expr expr) => expr switch
    {
        ParenExpr p => [p.Inner],
        UnaryExpr u => [u.Inner],
        SubqueryExpr s => [s.Inner],
        BinaryExpr b => [b.Lhs, b.Rhs],
        AggregateExpr a => a.Param is null ? [a.Inner] : [a.Param, a.Inner],
        Call c => c.Args,
        _ => [],
    };

    private static bool ReadsRecorded(VectorSelector selector, HashSet<string> recorded)
    {
        foreach (var m in selector.Matchers)
        {
            if (m.Name == Label.MetricName && m.Type == LabelMatchType.Equal && recorded.Contains(m.Value))
            {
                return true;
            }
        }
        return false;
    }
}
