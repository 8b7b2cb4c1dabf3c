namespace Aggregator.Shared.Tests.PromQl.Conformance;

/// <summary>One command of a PromQL test script (see ../shared/spec/PROMQL_TESTS.md).</summary>
internal abstract record ScriptCommand(int Line);

internal sealed record LoadCommand(int Line, long IntervalMs, List<(int Line, string Text)> Series, bool WithNhcb) : ScriptCommand(Line);

internal sealed record ClearCommand(int Line) : ScriptCommand(Line);

internal sealed record EvalCommand(int Line, string Expr) : ScriptCommand(Line)
{
    public bool IsRange { get; init; }

    public long Time { get; init; }

    public long Start { get; init; }

    public long End { get; init; }

    public long Step { get; init; }

    public bool ExpectFail { get; init; }

    public string? FailMessage { get; init; }

    public string? FailRegex { get; init; }

    public bool Ordered { get; init; }

    public string? ExpectString { get; init; }

    public (long Start, long End, long Step)? ExpectRangeVector { get; init; }

    public List<(int Line, string Text)> Expected { get; } = [];
}
