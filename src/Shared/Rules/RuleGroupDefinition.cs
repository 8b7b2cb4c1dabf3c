namespace Aggregator.Shared.Rules;

/// <summary>One rule group from a rule file (immutable config; evaluation lives in <see cref="RuleGroupEvaluator"/>).</summary>
public sealed record RuleGroupDefinition(string Name, IReadOnlyList<RecordingRule> Rules)
{
    /// <summary>The group's <c>interval</c>, or null to use the global evaluation interval.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>The group's <c>query_offset</c> (evaluation runs this far in the past).</summary>
    public TimeSpan QueryOffset { get; init; }

    /// <summary>The group's <c>limit</c> on series per rule (0 = none).</summary>
    public int Limit { get; init; }

    /// <summary>The file the group came from.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>Names of alerting rules that were skipped when loading.</summary>
    public IReadOnlyList<string> SkippedAlerts { get; init; } = [];
}
