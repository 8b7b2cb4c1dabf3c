namespace Aggregator.Shared.Rules;

/// <summary>A rule that failed in one evaluation; the other rules still ran.</summary>
public sealed record RuleError(string Rule, string Message);
