using Aggregator.Shared.PromQl.Evaluation;

namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A float literal: <c>1</c>, <c>-2.5e3</c>, <c>Inf</c>, <c>0x1F</c>.</summary>
public sealed class NumberLiteral(double value) : Expr
{
    public double Value { get; internal set; } = value;

    public override ValueType Type => ValueType.Scalar;

    public override string ToString() => ValueFormat.Format(Value);
}
