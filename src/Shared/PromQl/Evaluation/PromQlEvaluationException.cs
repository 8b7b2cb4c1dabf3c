namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>A runtime evaluation error, worded as Prometheus words it.</summary>
public sealed class PromQlEvaluationException(string message) : Exception(message);
