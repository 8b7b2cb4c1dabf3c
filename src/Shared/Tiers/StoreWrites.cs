using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tiers;

/// <summary>Appends a received remote-write batch to a store (stale markers included, as sent).</summary>
internal static class StoreWrites
{
    public static ValueTask Append(SeriesStore store, WriteBatch batch)
    {
        foreach (var series in batch.Series)
        {
            foreach (var sample in series.Samples)
            {
                store.Append(series.Labels, sample);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// What a ring member does with a received batch: store it, note which sites spoke, and — in a region
    /// ring with a parent — pass it on up, so the tier above sees every site's series, not only this ring's
    /// rule results.
    /// </summary>
    /// <remarks>
    /// The site series limit is checked first: a site over it gets a 429 and nothing of the batch is kept.
    /// </remarks>
    public static ValueTask Receive(SeriesStore store, SiteActivity activity, UpstreamHolder upstream, SiteSeriesLimiter limiter, string siteLabel, WriteBatch batch)
    {
        limiter.AdmitOrThrow(batch, siteLabel, store.NowMs);
        activity.Record(batch);
        if (upstream.Router is { } router)
        {
            var samples = new List<(Model.LabelSet, Model.Sample)>();
            foreach (var series in batch.Series)
            {
                foreach (var sample in series.Samples)
                {
                    samples.Add((series.Labels, sample));
                }
            }
            router.Route(samples);
        }
        return Append(store, batch);
    }
}
