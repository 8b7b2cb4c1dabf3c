using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// Rejects, before evaluation, every construct this engine does not implement, so that an
/// unsupported rule fails at load with "not supported: &lt;name&gt;" instead of answering wrongly.
/// </summary>
public static class SupportCheck
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "rate", "irate", "increase", "delta", "idelta", "resets", "changes", "deriv", "predict_linear",
        "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
        "last_over_time", "first_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
        "present_over_time", "absent_over_time", "mad_over_time",
        "histogram_quantile", "clamp", "clamp_min", "clamp_max", "abs", "ceil", "floor", "round", "exp",
        "ln", "log2", "log10", "sqrt", "sgn", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
        "tanh", "asinh", "acosh", "atanh", "deg", "rad", "pi",
        "label_replace", "label_join", "vector", "scalar", "time", "timestamp", "absent", "sort", "sort_desc",
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year",
    };

    /// <summary>Whether a function name is evaluated by this engine.</summary>
    public static bool IsSupported(string function) => Supported.Contains(function);

    /// <summary>Throws <see cref="NotSupportedException"/> naming the first unsupported construct.</summary>
    public static void Check(Expr expr)
    {
        if (Find(expr) is { } name)
        {
            throw new NotSupportedException("not supported: " + name);
        }
    }

    /// <summary>The first unsupported function or operator in the expression, or null.</summary>
    public static string? Find(Expr expr) => expr switch
    {
        Call c when !Supported.Contains(c.Function.Name) => c.Function.Name,
        Call c => FirstOf(c.Args),
        AggregateExpr a when a.Op is AggregateOp.Limitk or AggregateOp.LimitRatio => AggregateExpr.Name(a.Op),
        AggregateExpr a => (a.Param is null ? null : Find(a.Param)) ?? Find(a.Inner),
        BinaryExpr b => Find(b.Lhs) ?? Find(b.Rhs),
        ParenExpr p => Find(p.Inner),
        UnaryExpr u => Find(u.Inner),
        SubqueryExpr s => Find(s.Inner),
        _ => null,
    };

    private static string? FirstOf(IReadOnlyList<Expr> args)
    {
        foreach (var a in args)
        {
            if (Find(a) is { } name)
            {
                return name;
            }
        }
        return null;
    }
}
