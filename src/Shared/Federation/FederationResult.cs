using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Federation;

/// <summary>
/// A source's answer: the selected series sorted by <see cref="SeriesOrder"/>, stale ones omitted,
/// and the ring members that did not answer (empty for a local store).
/// </summary>
public sealed record FederationResult(IAsyncEnumerable<SeriesSample> Series, IReadOnlyList<string> MissingMembers)
{
    /// <summary>
    /// The same series a family at a time, when the source has them in memory (a local store): the
    /// handler then writes each family's span without an asynchronous step per series. Null otherwise.
    /// </summary>
    public IEnumerable<SeriesFamily>? Families { get; init; }
}
