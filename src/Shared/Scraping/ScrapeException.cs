namespace Aggregator.Shared.Scraping;

/// <summary>A failed poll attempt, with the reason that becomes a counter label and a log line.</summary>
public sealed class ScrapeException : Exception
{
    public ScrapeException(ScrapeFailureReason reason, string message, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
    }

    public ScrapeFailureReason Reason { get; }
}
