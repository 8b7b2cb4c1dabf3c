using System.Text;

namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A binary operation; <see cref="Matching"/> is set when both sides are vectors.</summary>
public sealed class BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching? matching, bool returnBool) : Expr
{
    public BinaryOp Op { get; } = op;

    public Expr Lhs { get; } = lhs;

    public Expr Rhs { get; } = rhs;

    public VectorMatching? Matching { get; internal set; } = matching;

    public bool ReturnBool { get; } = returnBool;

    public override ValueType Type =>
        Lhs.Type == ValueType.Scalar && Rhs.Type == ValueType.Scalar ? ValueType.Scalar : ValueType.Vector;

    public override string ToString()
    {
        var sb = new StringBuilder().Append(Lhs).Append(' ').Append(Op.Text());
        if (ReturnBool)
        {
            sb.Append(" bool");
        }
        if (Matching is { } m)
        {
            if (m.MatchingLabels.Count > 0 || m.On)
            {
                sb.Append(m.On ? " on(" : " ignoring(").AppendJoin(", ", m.MatchingLabels).Append(')');
            }
            if (m.Card is VectorMatchCardinality.ManyToOne or VectorMatchCardinality.OneToMany)
            {
                sb.Append(m.Card == VectorMatchCardinality.ManyToOne ? " group_left(" : " group_right(").AppendJoin(", ", m.Include).Append(')');
            }
        }
        return sb.Append(' ').Append(Rhs).ToString();
    }
}
