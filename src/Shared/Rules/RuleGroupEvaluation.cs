namespace Aggregator.Shared.Rules;

/// <summary>The outcome of evaluating a group once: every sample to append, and per-rule failures.</summary>
public sealed record RuleGroupEvaluation(long TimestampMs, IReadOnlyList<RuleSample> Samples, IReadOnlyList<RuleError> Errors);
