namespace Aggregator.Shared.Scraping;

/// <summary>
/// What a successful poll read but could not keep; the <c>reason</c> label of
/// <c>aggregator_scrape_dropped_total</c>. Note: the store keeps float samples only.
/// </summary>
public enum ScrapeDropReason
{
    /// <summary>A native histogram sample (protobuf bodies); its classic buckets, when it has any, are kept.</summary>
    NativeHistogram,

    /// <summary>An exemplar (OpenMetrics or protobuf); its sample is kept, as Prometheus's /federate never serves exemplars.</summary>
    Exemplar,
}
