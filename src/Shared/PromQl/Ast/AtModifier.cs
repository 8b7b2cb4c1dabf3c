namespace Aggregator.Shared.PromQl.Ast;

/// <summary>Which <c>@</c> modifier a selector or subquery carries.</summary>
public enum AtModifier
{
    None,
    Timestamp,
    Start,
    End,
}
