using Aggregator.Shared.Http;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Scraping;

/// <summary>Log lines of a poller; every URL and error text passes <see cref="UrlRedaction"/> first.</summary>
public sealed partial class SourcePoller
{
    private void LogAttemptFailed(string source, Uri replica, ScrapeFailureReason reason, string error) =>
        LogAttemptFailedRedacted(source, UrlRedaction.Redact(replica), reason, UrlRedaction.Redact(error));

    private void LogPollFailed(string source, ScrapeFailureReason? reason, string? error) =>
        LogPollFailedRedacted(source, reason, UrlRedaction.Redact(error));

    private void LogFailedOver(string source, Uri from, Uri to) =>
        LogFailedOverRedacted(source, UrlRedaction.Redact(from), UrlRedaction.Redact(to));

    private void LogReplicaStale(string source, Uri replica, int polls, Uri next) =>
        LogReplicaStaleRedacted(source, UrlRedaction.Redact(replica), polls, UrlRedaction.Redact(next));

    private void LogRecovered(string source, Uri replica) => LogRecoveredRedacted(source, UrlRedaction.Redact(replica));

    private void LogDropped(string source, Uri replica, ScrapeDropReason reason, long count) =>
        LogDroppedRedacted(source, UrlRedaction.Redact(replica), reason, count);

    [LoggerMessage(EventId = ScrapeEventIds.AttemptFailed, Level = LogLevel.Debug,
        Message = "Source {Source}: replica {Replica} failed ({Reason}): {Error}")]
    private partial void LogAttemptFailedRedacted(string source, string replica, ScrapeFailureReason reason, string error);

    [LoggerMessage(EventId = ScrapeEventIds.PollFailed, Level = LogLevel.Warning,
        Message = "Source {Source}: poll failed, up=0 ({Reason}): {Error}")]
    private partial void LogPollFailedRedacted(string source, ScrapeFailureReason? reason, string error);

    [LoggerMessage(EventId = ScrapeEventIds.FailedOver, Level = LogLevel.Warning,
        Message = "Source {Source}: failed over from {From} to {To}")]
    private partial void LogFailedOverRedacted(string source, string from, string to);

    [LoggerMessage(EventId = ScrapeEventIds.ReplicaStale, Level = LogLevel.Warning,
        Message = "Source {Source}: replica {Replica} has not advanced its newest sample for {Polls} polls; next poll uses {Next}")]
    private partial void LogReplicaStaleRedacted(string source, string replica, int polls, string next);

    [LoggerMessage(EventId = ScrapeEventIds.Dropped, Level = LogLevel.Warning,
        Message = "Source {Source}: {Count} item(s) of kind {Reason} in the body of {Replica} are not kept (float samples only); counted on aggregator_scrape_dropped_total, logged once per kind")]
    private partial void LogDroppedRedacted(string source, string replica, ScrapeDropReason reason, long count);

    [LoggerMessage(EventId = ScrapeEventIds.Recovered, Level = LogLevel.Information,
        Message = "Source {Source}: up again via {Replica}")]
    private partial void LogRecoveredRedacted(string source, string replica);
}
