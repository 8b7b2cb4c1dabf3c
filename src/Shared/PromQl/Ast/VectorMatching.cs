namespace Aggregator.Shared.PromQl.Ast;

/// <summary>The <c>on</c>/<c>ignoring</c> and <c>group_left</c>/<c>group_right</c> modifiers.</summary>
public sealed record VectorMatching
{
    public VectorMatchCardinality Card { get; init; }

    /// <summary>The labels of <c>on(...)</c> or <c>ignoring(...)</c>.</summary>
    public IReadOnlyList<string> MatchingLabels { get; init; } = [];

    /// <summary>True for <c>on</c>, false for <c>ignoring</c> (or no modifier).</summary>
    public bool On { get; init; }

    /// <summary>The extra labels of <c>group_left(...)</c>/<c>group_right(...)</c>.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
}
