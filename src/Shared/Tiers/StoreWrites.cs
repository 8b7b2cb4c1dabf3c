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
}
