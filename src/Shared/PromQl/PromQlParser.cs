using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl;

/// <summary>
/// Entry points of the PromQL parser. Errors are <see cref="PromQlParseException"/> whose message is
/// Prometheus's: <c>1:4: parse error: unexpected &lt;op:-&gt;</c>.
/// </summary>
public static class PromQlParser
{
    /// <summary>
    /// Parses a series selector as /federate's <c>match[]</c> does (Prometheus's ParseMetricSelector):
    /// optional metric name, optional <c>{...}</c>; no functions, ranges, offset or <c>@</c>. The
    /// "at least one non-empty matcher" rule is not applied, as in Prometheus.
    /// </summary>
    public static IReadOnlyList<LabelMatcher> ParseMetricSelector(string input) => Parser.ParseMetricSelector(input);

    /// <summary>Parses and type-checks a whole PromQL expression.</summary>
    public static Expr ParseExpr(string input) => Parser.ParseExpr(input);
}
