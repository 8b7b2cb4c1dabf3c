using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;
using PromValueType = Aggregator.Shared.PromQl.Ast.ValueType;

namespace Aggregator.Shared.PromQl;

/// <summary>Prometheus's <c>checkAST</c>: the type rules a syntactically valid expression must obey.</summary>
internal static class TypeChecker
{
    public static void Check(Expr expr, string query)
    {
        switch (expr)
        {
            case ParenExpr p:
                Check(p.Inner, query);
                break;
            case UnaryExpr u:
                if (u.Inner.Type is not (PromValueType.Scalar or PromValueType.Vector))
                {
                    Fail(query, u.Pos, $"unary expression only allowed on expressions of type scalar or instant vector, got {Describe(u.Inner.Type)}");
                }
                Check(u.Inner, query);
                break;
            case SubqueryExpr sq:
                if (sq.Inner.Type != PromValueType.Vector)
                {
                    Fail(query, sq.Pos, $"subquery is only allowed on instant vector, got {Describe(sq.Inner.Type)} instead");
                }
                Check(sq.Inner, query);
                break;
            case MatrixSelector ms:
                Check(ms.Selector, query);
                break;
            case VectorSelector vs:
                CheckSelector(vs, query);
                break;
            case AggregateExpr agg:
                CheckAggregate(agg, query);
                break;
            case BinaryExpr b:
                CheckBinary(b, query);
                break;
            case Call call:
                CheckCall(call, query);
                break;
        }
    }

    public static string Describe(PromValueType type) => type switch
    {
        PromValueType.Scalar => "scalar",
        PromValueType.Vector => "instant vector",
        PromValueType.Matrix => "range vector",
        PromValueType.String => "string",
        _ => "none",
    };

    private static void CheckSelector(VectorSelector vs, string query)
    {
        if (vs.Name is not null)
        {
            foreach (var m in vs.Matchers.Skip(1))
            {
                if (m.Name == Label.MetricName)
                {
                    Fail(query, vs.Pos, $"metric name must not be set twice: {GoQuote.Quote(vs.Name)} or {GoQuote.Quote(m.Value)}");
                }
            }
        }
        bool anyNonEmpty = false;
        foreach (var m in vs.Matchers)
        {
            if (!m.MatchesEmpty)
            {
                anyNonEmpty = true;
                break;
            }
        }
        if (!anyNonEmpty)
        {
            Fail(query, vs.Pos, "vector selector must contain at least one non-empty matcher");
        }
    }

    private static void CheckAggregate(AggregateExpr agg, string query)
    {
        if (agg.Inner.Type != PromValueType.Vector)
        {
            Fail(query, agg.Pos, $"expected type instant vector in aggregation expression, got {Describe(agg.Inner.Type)}");
        }
        if (agg.Param is { } param)
        {
            var want = agg.Op == AggregateOp.CountValues ? PromValueType.String : PromValueType.Scalar;
            if (param.Type != want)
            {
                Fail(query, agg.Pos, $"expected type {Describe(want)} in aggregation parameter, got {Describe(param.Type)}");
            }
            Check(param, query);
        }
        Check(agg.Inner, query);
    }

    private static void CheckBinary(BinaryExpr b, string query)
    {
        var lt = b.Lhs.Type;
        var rt = b.Rhs.Type;
        if (lt is not (PromValueType.Scalar or PromValueType.Vector) || rt is not (PromValueType.Scalar or PromValueType.Vector))
        {
            Fail(query, b.Pos, "binary expression must contain only scalar and instant vector types");
        }
        if (b.ReturnBool && !b.Op.IsComparison())
        {
            Fail(query, b.Pos, "bool modifier can only be used on comparison operators");
        }
        if (b.Op.IsComparison() && !b.ReturnBool && lt == PromValueType.Scalar && rt == PromValueType.Scalar)
        {
            Fail(query, b.Pos, "comparisons between scalars must use BOOL modifier");
        }
        var matching = b.Matching!;
        bool hasModifiers = matching.On || matching.MatchingLabels.Count > 0 || matching.Card != VectorMatchCardinality.OneToOne;
        if (b.Op.IsSetOperator())
        {
            if (lt == PromValueType.Scalar || rt == PromValueType.Scalar)
            {
                Fail(query, b.Pos, $"set operator {GoQuote.Quote(b.Op.Text())} not allowed in binary scalar expression");
            }
            if (matching.Card is VectorMatchCardinality.ManyToOne or VectorMatchCardinality.OneToMany)
            {
                Fail(query, b.Pos, $"no grouping allowed for {GoQuote.Quote(b.Op.Text())} operation");
            }
            b.Matching = matching with { Card = VectorMatchCardinality.ManyToMany };
        }
        else if ((lt != PromValueType.Vector || rt != PromValueType.Vector) && hasModifiers)
        {
            Fail(query, b.Pos, "vector matching only allowed between instant vectors");
        }
        if (matching.On)
        {
            foreach (var l in matching.Include)
            {
                if (matching.MatchingLabels.Contains(l))
                {
                    Fail(query, b.Pos, $"label {GoQuote.Quote(l)} must not occur in ON and GROUP clause at once");
                }
            }
        }
        Check(b.Lhs, query);
        Check(b.Rhs, query);
    }

    private static void CheckCall(Call call, string query)
    {
        var f = call.Function;
        int n = call.Args.Count;
        int min = f.Variadic > 0 ? f.ArgTypes.Length - f.Variadic : f.ArgTypes.Length;
        if (f.Variadic == 0 && n != f.ArgTypes.Length)
        {
            Fail(query, call.Pos, $"expected {f.ArgTypes.Length} argument(s) in call to {GoQuote.Quote(f.Name)}, got {n}");
        }
        if (f.Variadic < 0 && n < f.ArgTypes.Length - 1)
        {
            Fail(query, call.Pos, $"expected at least {f.ArgTypes.Length - 1} argument(s) in call to {GoQuote.Quote(f.Name)}, got {n}");
        }
        if (f.Variadic > 0)
        {
            if (n < min)
            {
                Fail(query, call.Pos, $"expected at least {min} argument(s) in call to {GoQuote.Quote(f.Name)}, got {n}");
            }
            int max = f.ArgTypes.Length;
            if (f.Name == "histogram_quantiles")
            {
                max = f.ArgTypes.Length - 1 + f.Variadic;
            }
            if (n > max)
            {
                Fail(query, call.Pos, $"expected at most {max} argument(s) in call to {GoQuote.Quote(f.Name)}, got {n}");
            }
        }
        for (int i = 0; i < n; i++)
        {
            var want = i < f.ArgTypes.Length ? f.ArgTypes[i] : f.ArgTypes[^1];
            var got = call.Args[i].Type;
            if (got != want)
            {
                Fail(query, call.Args[i].Pos, $"expected type {Describe(want)} in call to function {GoQuote.Quote(f.Name)}, got {Describe(got)}");
            }
            Check(call.Args[i], query);
        }
    }

    private static void Fail(string query, int pos, string message) => throw new PromQlParseException(query, pos, message);
}
