namespace Aggregator.Shared.PromQl.Ast;

/// <summary>Binary operators: arithmetic, comparison and set operators.</summary>
public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    And,
    Or,
    Unless,
}
