namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A function call.</summary>
public sealed class Call(FunctionInfo function, IReadOnlyList<Expr> args) : Expr
{
    public FunctionInfo Function { get; } = function;

    public IReadOnlyList<Expr> Args { get; } = args;

    public override ValueType Type => Function.ReturnType;

    public override string ToString() => Function.Name + "(" + string.Join(", ", Args) + ")";
}
