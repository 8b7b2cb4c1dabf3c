namespace Aggregator.Shared.Exposition;

/// <summary>What a read found: every error (line:col, reason) and how many samples were delivered.</summary>
public sealed record ExpositionReadResult(IReadOnlyList<ExpositionError> Errors, long Samples, long Histograms)
{
    public bool Succeeded => Errors.Count == 0;
}
