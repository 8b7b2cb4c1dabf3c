using System.Text;

namespace Aggregator.Shared.PromQl.Ast;

/// <summary>An aggregation: <c>op by|without (labels) (param, expr)</c>.</summary>
public sealed class AggregateExpr(AggregateOp op, Expr inner, Expr? param, IReadOnlyList<string> grouping, bool without) : Expr
{
    public AggregateOp Op { get; } = op;

    public Expr Inner { get; } = inner;

    /// <summary>The parameter of topk, bottomk, quantile, count_values, limitk, limit_ratio.</summary>
    public Expr? Param { get; } = param;

    public IReadOnlyList<string> Grouping { get; } = grouping;

    public bool Without { get; } = without;

    /// <summary>True when <c>by</c> or <c>without</c> was written (even with an empty list).</summary>
    public bool HasGrouping { get; init; }

    public override ValueType Type => ValueType.Vector;

    public override string ToString()
    {
        var sb = new StringBuilder(Name(Op));
        if (Without || Grouping.Count > 0)
        {
            sb.Append(Without ? " without (" : " by (").AppendJoin(", ", Grouping).Append(") ");
        }
        sb.Append('(');
        if (Param is not null)
        {
            sb.Append(Param).Append(", ");
        }
        return sb.Append(Inner).Append(')').ToString();
    }

    public static string Name(AggregateOp op) => op switch
    {
        AggregateOp.CountValues => "count_values",
        AggregateOp.LimitRatio => "limit_ratio",
        _ => op.ToString().ToLowerInvariant(),
    };
}
