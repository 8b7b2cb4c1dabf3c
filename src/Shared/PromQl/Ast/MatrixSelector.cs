namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A range vector selector: <c>selector[range]</c> (modifiers live on the selector).</summary>
public sealed class MatrixSelector(VectorSelector selector, long rangeMs) : Expr
{
    public VectorSelector Selector { get; } = selector;

    public long RangeMs { get; } = rangeMs;

    public override ValueType Type => ValueType.Matrix;

    public override string ToString()
    {
        var inner = new VectorSelector(Selector.Name, Selector.Matchers).ToString();
        var sb = new System.Text.StringBuilder(inner).Append('[').Append(Modifiers.Duration(RangeMs)).Append(']');
        Modifiers.Append(sb, Selector.OffsetMs, Selector.At, Selector.AtMs);
        return sb.ToString();
    }
}
