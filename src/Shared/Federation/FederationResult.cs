using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Federation;

/// <summary>
/// A source's answer: the selected series sorted by <see cref="SeriesOrder"/>, stale ones omitted,
/// and the ring members that did not answer (empty for a local store).
/// </summary>
public sealed record FederationResult(IAsyncEnumerable<SeriesSample> Series, IReadOnlyList<string> MissingMembers);
