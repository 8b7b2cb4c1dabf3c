namespace Aggregator.Shared.Rules;

/// <summary>What loading rule files produced: the groups, every error, and warnings (skipped alerts).</summary>
public sealed record RuleLoadResult(IReadOnlyList<RuleGroupDefinition> Groups, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool Success => Errors.Count == 0;
}
