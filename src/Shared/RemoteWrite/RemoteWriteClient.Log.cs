using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.RemoteWrite;

public sealed partial class RemoteWriteClient
{
    [LoggerMessage(EventId = RemoteWriteEventIds.AttemptFailed, Level = LogLevel.Debug,
        Message = "Remote write to {Url}: attempt {Attempt} failed ({Error}); retrying in {Delay}")]
    private partial void LogAttemptFailed(Uri url, int attempt, string error, TimeSpan delay);

    [LoggerMessage(EventId = RemoteWriteEventIds.BatchDropped, Level = LogLevel.Warning,
        Message = "Remote write to {Url}: batch dropped, receiver answered {Status}: {Error}")]
    private partial void LogDropped(Uri url, int status, string error);

    [LoggerMessage(EventId = RemoteWriteEventIds.GaveUp, Level = LogLevel.Warning,
        Message = "Remote write to {Url}: gave up after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(Uri url, int attempts, string error);
}
