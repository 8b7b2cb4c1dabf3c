namespace Aggregator.Shared.Scraping;

/// <summary>What one poll of one source did.</summary>
/// <param name="Up">True when one replica answered completely and its body was accepted.</param>
/// <param name="Replica">The replica whose body was used, or null when the poll failed.</param>
/// <param name="TimestampMs">The poll's start (the timestamp of the synthetic series and of stale markers).</param>
/// <param name="Duration">Wall time of the whole poll, every attempt included.</param>
/// <param name="SamplesScraped">Samples in the accepted body (0 on failure).</param>
/// <param name="SeriesAdded">Series not present at the previous successful poll.</param>
/// <param name="StaleMarkers">Stale markers written for vanished series.</param>
/// <param name="FailureReason">The reason of the last failed attempt when the poll failed.</param>
/// <param name="Error">The message of the last failed attempt when the poll failed.</param>
/// <param name="FailedAttempts">Attempts that failed in this poll (a successful poll may have failed over).</param>
public sealed record PollReport(
    bool Up,
    Uri? Replica,
    long TimestampMs,
    TimeSpan Duration,
    int SamplesScraped,
    int SeriesAdded,
    int StaleMarkers,
    ScrapeFailureReason? FailureReason,
    string? Error,
    int FailedAttempts);
