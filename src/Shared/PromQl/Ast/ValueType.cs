namespace Aggregator.Shared.PromQl.Ast;

/// <summary>The type of a PromQL expression's value.</summary>
public enum ValueType
{
    None,
    Scalar,
    Vector,
    Matrix,
    String,
}
