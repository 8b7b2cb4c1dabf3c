using System.Runtime.CompilerServices;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Federation;

/// <summary>Serves /federate from a local <see cref="SeriesStore"/>, family by family as the store yields them.</summary>
public sealed class SeriesStoreFederationSource(SeriesStore store) : IFederationSource
{
    public ValueTask<FederationResult> QueryAsync(FederationQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new FederationResult(Stream(query, cancellationToken), [])
        {
            Families = store.SelectLatest(new SelectorUnion(query.Selectors), query.MinTimeMs, query.MaxTimeMs),
        });

    private async IAsyncEnumerable<SeriesSample> Stream(FederationQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var family in store.SelectLatest(new SelectorUnion(query.Selectors), query.MinTimeMs, query.MaxTimeMs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Note: the family buffer is reused by the store's next step, so yield each element before moving on.
            for (int i = 0; i < family.Series.Length; i++)
            {
                yield return family.Series.Span[i];
            }
        }
    }
}
