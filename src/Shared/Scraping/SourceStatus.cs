namespace Aggregator.Shared.Scraping;

/// <summary>A snapshot of one source for <c>/api/v1/topology</c>, the status page and self-metrics.</summary>
public sealed record SourceStatus(
    string Name,
    IReadOnlyList<Uri> Replicas,
    Uri ActiveReplica,
    PollReport? LastPoll,
    long Polls,
    long Failovers,
    IReadOnlyDictionary<ScrapeFailureReason, long> Failures)
{
    /// <summary>Items the accepted bodies held that the store cannot keep, by reason (empty before a poll).</summary>
    public IReadOnlyDictionary<ScrapeDropReason, long> Dropped { get; init; } = new Dictionary<ScrapeDropReason, long>();
}
