namespace Aggregator.Shared.Exposition;

/// <summary>What a read found: every error (line:col, reason) and how many samples were delivered.</summary>
public sealed record ExpositionReadResult(IReadOnlyList<ExpositionError> Errors, long Samples, long Histograms)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>
    /// Exemplars read (OpenMetrics <c># {..} v</c>, protobuf counter, bucket and native histogram exemplars).
    /// Note: no sink receives them; a reader that keeps only samples counts what it passed over.
    /// </summary>
    public long Exemplars { get; init; }
}
