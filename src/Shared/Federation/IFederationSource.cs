namespace Aggregator.Shared.Federation;

/// <summary>
/// Where /federate reads series from: a local <see cref="Storage.SeriesStore"/> (the Node, an
/// Aggregator shard) or the Aggregator's fan-out over its ring (which merges members' sorted answers
/// with <see cref="Storage.SortedSeriesMerge"/> and reports who is missing).
/// Throw <see cref="FederationUnavailableException"/> for "not ready" (→ 503); any other exception
/// before output started becomes a 500 with its message.
/// </summary>
public interface IFederationSource
{
    ValueTask<FederationResult> QueryAsync(FederationQuery query, CancellationToken cancellationToken);
}
