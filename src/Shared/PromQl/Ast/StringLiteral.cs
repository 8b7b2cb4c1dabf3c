namespace Aggregator.Shared.PromQl.Ast;

/// <summary>A string literal (already unquoted).</summary>
public sealed class StringLiteral(string value) : Expr
{
    public string Value { get; } = value;

    public override ValueType Type => ValueType.String;

    public override string ToString() => GoQuote.Quote(Value);
}
