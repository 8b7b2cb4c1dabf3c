namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A parenthesised expression.</summary>
public sealed class ParenExpr(Expr inner) : Expr
{
    public Expr Inner { get; } = inner;

    public override ValueType Type => Inner.Type;

    public override string ToString() => "(" + Inner + ")";
}
