using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Drops the labels that only tell HA replicas apart (a Prometheus pair's <c>prometheus_replica</c> external
/// label) from a scraped series, so the same series polled from either replica has one identity.
/// </summary>
public static class ReplicaLabels
{
    public static LabelSet Drop(LabelSet scraped, IReadOnlyList<string> replicaLabels)
    {
        var result = scraped;
        for (int i = 0; i < replicaLabels.Count; i++)
        {
            // Note: Without returns the same instance when the label is absent, so the common case allocates nothing.
            result = result.Without(replicaLabels[i]);
        }
        return result;
    }
}
