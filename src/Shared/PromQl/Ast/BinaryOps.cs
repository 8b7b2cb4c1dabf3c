namespace Aggregator.Shared.PromQl.Ast;

/// <summary>Classification and rendering of <see cref="BinaryOp"/>.</summary>
public static class BinaryOps
{
    public static bool IsComparison(this BinaryOp op) => op is BinaryOp.Eql or BinaryOp.Neq or BinaryOp.Gtr or BinaryOp.Lss or BinaryOp.Gte or BinaryOp.Lte;

    public static bool IsSetOperator(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    public static string Text(this BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Mod => "%",
        BinaryOp.Pow => "^",
        BinaryOp.Atan2 => "atan2",
        BinaryOp.Eql => "==",
        BinaryOp.Neq => "!=",
        BinaryOp.Gtr => ">",
        BinaryOp.Lss => "<",
        BinaryOp.Gte => ">=",
        BinaryOp.Lte => "<=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        _ => "unless",
    };
}
