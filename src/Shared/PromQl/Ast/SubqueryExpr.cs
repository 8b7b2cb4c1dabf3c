using System.Text;

namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A subquery: <c>expr[range:step] offset d @ t</c>.</summary>
public sealed class SubqueryExpr(Expr inner, long rangeMs, long stepMs) : Expr
{
    public Expr Inner { get; } = inner;

    public long RangeMs { get; } = rangeMs;

    /// <summary>The resolution; 0 means the evaluation interval.</summary>
    public long StepMs { get; } = stepMs;

    public long OffsetMs { get; internal set; }

    public AtModifier At { get; internal set; }

    public long AtMs { get; internal set; }

    public override ValueType Type => ValueType.Matrix;

    public override string ToString()
    {
        var sb = new StringBuilder(Inner.ToString()).Append('[').Append(Modifiers.Duration(RangeMs)).Append(':');
        if (StepMs > 0)
        {
            sb.Append(Modifiers.Duration(StepMs));
        }
        sb.Append(']');
        Modifiers.Append(sb, OffsetMs, At, AtMs);
        return sb.ToString();
    }
}
