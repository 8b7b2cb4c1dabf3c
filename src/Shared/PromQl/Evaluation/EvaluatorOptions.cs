namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Engine settings; the defaults are Prometheus's.</summary>
public sealed record EvaluatorOptions
{
    /// <summary>How far back an instant selector looks for the latest sample (left-open).</summary>
    public long LookbackMs { get; init; } = 300_000;

    /// <summary>Subquery resolution when none is written (Prometheus: the global evaluation interval).</summary>
    public long DefaultSubqueryStepMs { get; init; } = 60_000;
}
