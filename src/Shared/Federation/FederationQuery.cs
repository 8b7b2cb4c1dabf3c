using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Federation;

/// <summary>
/// What a /federate request asks a source for: the union of the selectors, each series' newest
/// sample with <see cref="MinTimeMs"/> ≤ t ≤ <see cref="MaxTimeMs"/>.
/// </summary>
public sealed record FederationQuery(IReadOnlyList<IReadOnlyList<LabelMatcher>> Selectors, long MinTimeMs, long MaxTimeMs);
