namespace Aggregator.Shared.PromQl.Ast;

/// <summary>Aggregation operators.</summary>
public enum AggregateOp
{
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,
    LimitRatio,
}
