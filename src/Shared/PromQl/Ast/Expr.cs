namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A node of a parsed PromQL expression.</summary>
public abstract class Expr
{
    /// <summary>Start of the node in the query text (a char index).</summary>
    public int Pos { get; init; }

    /// <summary>The type of the value the node evaluates to.</summary>
    public abstract ValueType Type { get; }

    /// <summary>The expression in Prometheus's canonical notation.</summary>
    public abstract override string ToString();
}
