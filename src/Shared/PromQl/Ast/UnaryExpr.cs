namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A unary minus (or plus) applied to a non-literal.</summary>
public sealed class UnaryExpr(bool negate, Expr inner) : Expr
{
    public bool Negate { get; } = negate;

    public Expr Inner { get; } = inner;

    public override ValueType Type => Inner.Type;

    public override string ToString() => (Negate ? "-" : "+") + Inner;
}
