using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.Rules;

/// <summary>One recording rule: <c>record</c>, parsed <c>expr</c> and extra <c>labels</c>, with its place in the file.</summary>
public sealed record RecordingRule(string Record, Expr Expression, string ExpressionText, LabelSet Labels)
{
    /// <summary>1-based line of the rule in its file (0 when built in code).</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the rule in its file.</summary>
    public int Column { get; init; }
}
