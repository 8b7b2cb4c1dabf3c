namespace Aggregator.Shared.Tests.PromQl.Conformance;

/// <summary>Outcome of one eval statement.</summary>
internal enum CaseStatus
{
    Pass,
    Fail,
    Skip,
}

/// <summary>One eval statement's outcome; <see cref="Id"/> is <c>file:line</c>.</summary>
internal sealed record CaseResult(string File, int Line, string Expr, CaseStatus Status, string Reason)
{
    public string Id => $"{File}:{Line}";
}
