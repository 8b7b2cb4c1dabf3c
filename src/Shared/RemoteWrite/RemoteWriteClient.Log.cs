using Aggregator.Shared.Http;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>Log lines of the client; every URL and error text passes <see cref="UrlRedaction"/> first.</summary>
public sealed partial class RemoteWriteClient
{
    private void LogAttemptFailed(Uri url, int attempt, string error, TimeSpan delay) =>
        LogAttemptFailedRedacted(UrlRedaction.Redact(url), attempt, UrlRedaction.Redact(error), delay);

    private void LogDropped(Uri url, int status, string error) => LogDroppedRedacted(UrlRedaction.Redact(url), status, UrlRedaction.Redact(error));

    private void LogGaveUp(Uri url, int attempts, string error) => LogGaveUpRedacted(UrlRedaction.Redact(url), attempts, UrlRedaction.Redact(error));

    [LoggerMessage(EventId = RemoteWriteEventIds.AttemptFailed, Level = LogLevel.Debug,
        Message = "Remote write to {Url}: attempt {Attempt} failed ({Error}); retrying in {Delay}")]
    private partial void LogAttemptFailedRedacted(string url, int attempt, string error, TimeSpan delay);

    [LoggerMessage(EventId = RemoteWriteEventIds.BatchDropped, Level = LogLevel.Warning,
        Message = "Remote write to {Url}: batch dropped, receiver answered {Status}: {Error}")]
    private partial void LogDroppedRedacted(string url, int status, string error);

    [LoggerMessage(EventId = RemoteWriteEventIds.GaveUp, Level = LogLevel.Warning,
        Message = "Remote write to {Url}: gave up after {Attempts} attempts: {Error}")]
    private partial void LogGaveUpRedacted(string url, int attempts, string error);
}
