using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Scraping;

public sealed partial class SourcePoller
{
    [LoggerMessage(EventId = ScrapeEventIds.AttemptFailed, Level = LogLevel.Debug,
        Message = "Source {Source}: replica {Replica} failed ({Reason}): {Error}")]
    private partial void LogAttemptFailed(string source, Uri replica, ScrapeFailureReason reason, string error);

    [LoggerMessage(EventId = ScrapeEventIds.PollFailed, Level = LogLevel.Warning,
        Message = "Source {Source}: poll failed, up=0 ({Reason}): {Error}")]
    private partial void LogPollFailed(string source, ScrapeFailureReason? reason, string? error);

    [LoggerMessage(EventId = ScrapeEventIds.FailedOver, Level = LogLevel.Warning,
        Message = "Source {Source}: failed over from {From} to {To}")]
    private partial void LogFailedOver(string source, Uri from, Uri to);

    [LoggerMessage(EventId = ScrapeEventIds.ReplicaStale, Level = LogLevel.Warning,
        Message = "Source {Source}: replica {Replica} has not advanced its newest sample for {Polls} polls; next poll uses {Next}")]
    private partial void LogReplicaStale(string source, Uri replica, int polls, Uri next);

    [LoggerMessage(EventId = ScrapeEventIds.Recovered, Level = LogLevel.Information,
        Message = "Source {Source}: up again via {Replica}")]
    private partial void LogRecovered(string source, Uri replica);
}
